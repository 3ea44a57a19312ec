using System.Numerics.Tensors;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.Tests.Compute;

public class LayerJacobianRowsTests
{
    [Theory]
    [InlineData(1, 3, 2)] // a boundary point: its value row only; fewer inputs than a vector
    [InlineData(4, 32, 32)] // d = 2: value, two gradient rows, Laplacian
    [InlineData(5, 64, 67)] // d = 3, inputs past the last full vector
    [InlineData(4, 7, 3)] // the input layer: d inputs
    public void RowsAreTheChannelSumsOfOuterProductsInTheSameRoundingAsAMultiplyThenMultiplyAdds(int channels, int outputs, int inputs)
    {
        const int channelRowsTotal = 16, dzOffset = 5, yOffset = 3;
        var random = new Random(channels * 1000 + outputs);
        var dz = Enumerable.Range(0, dzOffset + (channelRowsTotal * outputs)).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var y = Enumerable.Range(0, yOffset + (channelRowsTotal * inputs)).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        int[] rows = [.. Enumerable.Range(0, channels).Select(c => (c * 3) + 1)];

        var actual = new double[outputs * inputs];
        LayerJacobianRows<double>.Write(rows, outputs, inputs, dz, dzOffset, y, yOffset, actual);
        var dzf = dz.Select(v => (float)v).ToArray();
        var yf = y.Select(v => (float)v).ToArray();
        var actualFloat = new float[outputs * inputs];
        LayerJacobianRows<float>.Write(rows, outputs, inputs, dzf, dzOffset, yf, yOffset, actualFloat);

        for (int a = 0; a < outputs; a++)
        {
            // The reference the kernel replaced: one multiply, then one multiply–add per further channel.
            var expected = new double[inputs];
            var expectedFloat = new float[inputs];
            TensorPrimitives.Multiply(y.AsSpan(yOffset + (rows[0] * inputs), inputs), dz[dzOffset + (rows[0] * outputs) + a], expected);
            TensorPrimitives.Multiply(yf.AsSpan(yOffset + (rows[0] * inputs), inputs), dzf[dzOffset + (rows[0] * outputs) + a], expectedFloat);
            for (int c = 1; c < channels; c++)
            {
                TensorPrimitives.MultiplyAdd(y.AsSpan(yOffset + (rows[c] * inputs), inputs), dz[dzOffset + (rows[c] * outputs) + a], expected, expected);
                TensorPrimitives.MultiplyAdd(yf.AsSpan(yOffset + (rows[c] * inputs), inputs), dzf[dzOffset + (rows[c] * outputs) + a], expectedFloat, expectedFloat);
            }

            for (int i = 0; i < inputs; i++)
            {
                Assert.Equal(expected[i], actual[(a * inputs) + i]);
                Assert.Equal(expectedFloat[i], actualFloat[(a * inputs) + i]);
                double sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    sum += dz[dzOffset + (rows[c] * outputs) + a] * y[yOffset + (rows[c] * inputs) + i];
                }

                NumericAssert.Absolute(sum, actual[(a * inputs) + i], 1e-14, $"J[{a},{i}]");
            }
        }
    }

    [Fact]
    public void ARowOutsideTheOperandsOrAShortTargetIsRefused()
    {
        var dz = new double[4 * 8];
        var y = new double[4 * 8];
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerJacobianRows<double>.Write([0, 4], 8, 8, dz, 0, y, 0, new double[64]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerJacobianRows<double>.Write([-1], 8, 8, dz, 0, y, 0, new double[64]));
        Assert.Throws<ArgumentException>(() => LayerJacobianRows<double>.Write([0], 8, 8, dz, 0, y, 0, new double[63]));
    }
}
