using Pinn.Core.Compute.Cpu;
using Pinn.TestSupport;

namespace Pinn.Core.Tests.Compute;

/// <summary>The output layer's row kernels against plain float64 loops, on widths with and without a vector tail and on a sub-range of rows.</summary>
public class RowKernelsTests
{
    private const int Rows = 23;
    private const int Offset = 3;

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(32)]
    [InlineData(37)]
    public void DotsMatchTheDoubleLoop(int cols)
    {
        var (a, x) = (Random(Offset + (Rows * cols), 1), Random(Offset + cols, 2));
        var y = new float[Offset + Rows];
        RowKernels<float>.Dots(2, Rows, cols, a, Offset, x, Offset, y, Offset);
        Assert.Equal(0f, y[Offset + 1]); // rows before start are untouched
        for (int i = 2; i < Rows; i++)
        {
            double expected = 0;
            for (int j = 0; j < cols; j++)
            {
                expected += (double)a[Offset + (i * cols) + j] * x[Offset + j];
            }

            NumericAssert.Absolute(expected, y[Offset + i], 1e-5 * cols, $"row {i}");
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(37, true)]
    [InlineData(32, false)]
    [InlineData(37, false)]
    public void AccumulateRowsAddsWeightedOrPlainRowSums(int cols, bool weighted)
    {
        var (a, w) = (Random(Offset + (Rows * cols), 3), Random(Offset + Rows, 4));
        var acc = Enumerable.Range(0, cols).Select(j => (float)j).ToArray();
        RowKernels<float>.AccumulateRows(1, Rows, cols, a, Offset, weighted ? w : null, Offset, acc);
        for (int j = 0; j < cols; j++)
        {
            double expected = j;
            for (int i = 1; i < Rows; i++)
            {
                expected += (weighted ? w[Offset + i] : 1.0) * a[Offset + (i * cols) + j];
            }

            NumericAssert.Absolute(expected, acc[j], 1e-5 * Rows, $"column {j}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void OuterWritesEveryRowOfTheRange(int cols)
    {
        var (x, y) = (Array.ConvertAll(Random(Offset + Rows, 5), v => (double)v), Array.ConvertAll(Random(Offset + cols, 6), v => (double)v));
        var a = new double[Offset + (Rows * cols)];
        RowKernels<double>.Outer(0, Rows, cols, x, Offset, y, Offset, a, Offset);
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                Assert.Equal(x[Offset + i] * y[Offset + j], a[Offset + (i * cols) + j]);
            }
        }
    }

    private static float[] Random(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((r.NextDouble() * 2) - 1)).ToArray();
    }
}
