using Pinn.Core.LinearAlgebra;

namespace Pinn.Core.Tests.LinearAlgebra;

public class GramMatrixTests
{
    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(7, 300, 2)]
    [InlineData(257, 33, 1)]
    [InlineData(530, 71, 2)]
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
        // 300 rows: a 256-row block over 256 columns of G, then 44 rows over all 300.
        Assert.Equal(((256L * 256) + (44L * 300)) * 10, GramMatrix.MultiplyAdds(300, 10));
    }
}
