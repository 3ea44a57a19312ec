using Pinn.Core.LinearAlgebra;

namespace Pinn.Core.Tests.LinearAlgebra;

public class LuFactorizationTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(64, 2)]
    [InlineData(65, 1)]
    [InlineData(301, 2)]
    public void FactorReproducesThePermutedMatrixAndSolvesItsSystem(int n, int threads)
    {
        var random = new Random(n);
        var a = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var factor = (double[])a.Clone();
        var pivots = new int[n];
        Assert.True(LuFactorization.TryFactor(factor, n, pivots, threads));

        // P·A = L·U: apply the row swaps to a copy of A and compare with the product of the factors, entry by entry.
        var permuted = (double[])a.Clone();
        for (int j = 0; j < n; j++)
        {
            LuFactorization.SwapRows(permuted, n, j, pivots[j]);
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k <= Math.Min(i, j); k++)
                {
                    s += (k == i ? 1 : factor[(i * n) + k]) * factor[(k * n) + j];
                }

                NumericAssert.Absolute(permuted[(i * n) + j], s, 1e-12 * n, $"(P·A)[{i}, {j}]");
            }
        }

        // A·x = b against a known x.
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                b[i] += a[(i * n) + k] * x[k];
            }
        }

        LuFactorization.Solve(factor, n, pivots, b);
        NumericAssert.NormRelative(x, b, 1e-9, "solution");
    }

    [Fact]
    public void PivotsPastAZeroDiagonalAndRefusesASingularMatrix()
    {
        // [[0, 1], [2, 3]] needs a row swap.
        var a = new double[] { 0, 1, 2, 3 };
        var pivots = new int[2];
        Assert.True(LuFactorization.TryFactor(a, 2, pivots, 1));
        Assert.Equal(1, pivots[0]);
        var b = new double[] { 1, 5 };
        LuFactorization.Solve(a, 2, pivots, b);
        NumericAssert.Absolute(1, b[0], 1e-15, "x1");
        NumericAssert.Absolute(1, b[1], 1e-15, "x2");

        Assert.False(LuFactorization.TryFactor([1, 2, 2, 4], 2, new int[2], 1));
        Assert.False(LuFactorization.TryFactor([double.NaN, 0, 0, 1], 2, new int[2], 1));
    }
}
