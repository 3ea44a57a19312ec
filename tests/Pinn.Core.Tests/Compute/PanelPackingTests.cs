using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.Tests.Compute;

public class PanelPackingTests
{
    [Theory]
    [InlineData(3, 32, 32, 7)] // fewer k than one 4 × 4 block: element by element only
    [InlineData(256, 32, 32, 260)] // a full float32 AVX-512 panel
    [InlineData(257, 16, 13, 263)] // k and the valid columns past the 4 × 4 blocks, zero padding
    [InlineData(10, 8, 2, 11)] // fewer columns than one block
    public void TransposedPanelsHoldTheSourceColumnsInOrderAndZeroPadding(int kc, int nr, int cols, int ld)
    {
        var sourceDouble = Enumerable.Range(0, (cols * ld) + 5).Select(i => (double)(i + 1)).ToArray();
        var sourceFloat = sourceDouble.Select(v => (float)v).ToArray();
        var packedDouble = Enumerable.Repeat(double.NaN, kc * nr).ToArray();
        var packedFloat = Enumerable.Repeat(float.NaN, kc * nr).ToArray();
        const int offset = 3;
        PanelPacking<double>.Transposed(ref packedDouble[0], ref sourceDouble[offset], kc, nr, cols, ld);
        PanelPacking<float>.Transposed(ref packedFloat[0], ref sourceFloat[offset], kc, nr, cols, ld);
        for (int p = 0; p < kc; p++)
        {
            for (int j = 0; j < nr; j++)
            {
                double expected = j < cols ? sourceDouble[offset + (j * ld) + p] : 0.0;
                Assert.Equal(expected, packedDouble[(p * nr) + j]);
                Assert.Equal((float)expected, packedFloat[(p * nr) + j]);
            }
        }
    }

    [Theory]
    [InlineData(6, 5)] // 24 bytes of float, 48 of double: variable-size copies
    [InlineData(8, 3)] // 32 / 64: the double runs fixed-size
    [InlineData(16, 2)] // 64 / 128: both fixed-size (the AVX2 float and AVX-512 double B panels)
    [InlineData(32, 4)] // 128 / 256: the float runs fixed-size (the AVX-512 float B panel)
    [InlineData(5, 2)] // 20 / 40: variable size
    public void CopiedRunsAreTheSourceRowsSideBySide(int width, int rows)
    {
        int stride = width + 7;
        var sourceDouble = Enumerable.Range(0, (rows * stride) + 2).Select(i => (double)(i + 1)).ToArray();
        var sourceFloat = sourceDouble.Select(v => (float)v).ToArray();
        var packedDouble = new double[(rows * width) + 1];
        var packedFloat = new float[(rows * width) + 1];
        PanelPacking<double>.CopyRuns(ref packedDouble[0], ref sourceDouble[1], rows, width, stride);
        PanelPacking<float>.CopyRuns(ref packedFloat[0], ref sourceFloat[1], rows, width, stride);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < width; j++)
            {
                Assert.Equal(sourceDouble[1 + (r * stride) + j], packedDouble[(r * width) + j]);
                Assert.Equal(sourceFloat[1 + (r * stride) + j], packedFloat[(r * width) + j]);
            }
        }

        Assert.Equal(0.0, packedDouble[rows * width]);
        Assert.Equal(0f, packedFloat[rows * width]);
    }
}
