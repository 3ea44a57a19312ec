using Pinn.Core.LinearAlgebra;

namespace Pinn.Core.Tests.LinearAlgebra;

public class GramMatrixTests
{
    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(7, 300, 2)]
    [InlineData(257, 33, 1)]
    [InlineData(530, 71, 2)]
    [InlineData(800, 40, 1)] // two whole blocks and a partial one, sub-blocks with a remainder
    public void LowerTriangleEqualsTheNaiveProduct(int rows, int columns, int threads)
    {
        var random = new Random(rows + columns);
        var a = Enumerable.Range(0, rows * columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gram = new double[rows * rows];
        GramMatrix.Lower(a, rows, columns, gram, threads);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double expected = 0;
                for (int k = 0; k < columns; k++)
                {
                    expected += a[(i * columns) + k] * a[(j * columns) + k];
                }

                NumericAssert.Relative(expected, gram[(i * rows) + j], 1e-12, floor: 1, what: $"G[{i},{j}]");
            }
        }
    }

    [Fact]
    public void MultiplyAddsCountTheBlocksActuallyComputed()
    {
        // 300 rows, one block: diagonal sub-blocks of 96, 96, 96 and 12 rows, each up to its own last column.
        Assert.Equal(((96L * 96) + (96L * 192) + (96L * 288) + (12L * 300)) * 10, GramMatrix.MultiplyAdds(300, 10));

        // 500 rows: then a second block of 116 rows, over the 384 columns before it and its own sub-blocks (96, 20).
        long first = (96L * 96) + (96L * 192) + (96L * 288) + (96L * 384);
        Assert.Equal((first + (116L * 384) + (96L * 96) + (20L * 116)) * 10, GramMatrix.MultiplyAdds(500, 10));

        // About half of the full product: within one sub-block's triangle of it.
        long full = 1152L * 1152 * 7;
        NumericAssert.InRange(GramMatrix.MultiplyAdds(1152, 7), full / 2.0, (full / 2.0) + (1152L * GramMatrix.DiagonalRows / 2.0 * 7) + 1);
    }
}
