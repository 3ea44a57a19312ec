using Pinn.Core.LinearAlgebra;

namespace Pinn.Core.Tests.LinearAlgebra;

public class CholeskyFactorizationTests
{
    /// <summary>A random symmetric positive definite matrix B·Bᵀ + shift·I, full storage.</summary>
    private static double[] Spd(int n, double shift, int seed)
    {
        var random = new Random(seed);
        var b = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? shift : 0;
                for (int k = 0; k < n; k++)
                {
                    s += b[(i * n) + k] * b[(j * n) + k];
                }

                a[(i * n) + j] = s;
            }
        }

        return a;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(96, 2)]
    [InlineData(97, 1)]
    [InlineData(300, 2)]
    public void FactorReproducesTheMatrixAndSolvesItsSystem(int n, int threads)
    {
        var a = Spd(n, 0.1, n);
        var factor = (double[])a.Clone();
        Assert.True(CholeskyFactorization.TryFactor(factor, n, threads));

        // L·Lᵀ = A on the lower triangle.
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k <= j; k++)
                {
                    s += factor[(i * n) + k] * factor[(j * n) + k];
                }

                NumericAssert.Relative(a[(i * n) + j], s, 1e-11, floor: 1, what: $"(LLᵀ)[{i},{j}]");
            }
        }

        // A·x = b for a known x.
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var rhs = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                rhs[i] += a[(i * n) + j] * x[j];
            }
        }

        CholeskyFactorization.Solve(factor, n, rhs);
        NumericAssert.NormRelative(x, rhs, 1e-9, "x");
    }

    [Fact]
    public void IndefiniteOrNaNMatricesAreRefused()
    {
        var a = Spd(120, 0.1, 3);
        a[(100 * 120) + 100] = -5;
        Assert.False(CholeskyFactorization.TryFactor(a, 120, 2));
        var b = Spd(10, 0.1, 4);
        b[(3 * 10) + 2] = double.NaN;
        Assert.False(CholeskyFactorization.TryFactor(b, 10, 1));
    }
}
