using System.Buffers;
using System.Numerics.Tensors;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.LinearAlgebra;

/// <summary>
/// Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix (row-major, lower triangle read and
/// overwritten with L), right-looking and blocked: a diagonal block is factored directly, the panel below it solved
/// against it, and the trailing matrix updated with our GEMM, which does almost all of the n³/3 work.
/// </summary>
public static class CholeskyFactorization
{
    /// <summary>Columns per panel.</summary>
    public const int BlockSize = 96;

    /// <summary>Factors in place; false (and the matrix partly overwritten) when a pivot is not positive and finite.</summary>
    /// <param name="a">A, n × n row-major; its lower triangle becomes L.</param>
    /// <param name="n">The order.</param>
    /// <param name="threads">Worker threads.</param>
    public static bool TryFactor(double[] a, int n, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(a.Length, (long)n * n, nameof(a));
        var inverse = new double[BlockSize * BlockSize];

        // One pooled panel for all block columns: a fresh large array per panel lands on the large-object heap, and the
        // collections it triggers make factorization times erratic (benchmarks/measurement-log.md).
        var panel = ArrayPool<double>.Shared.Rent(Math.Max(1, (n - Math.Min(BlockSize, n)) * BlockSize));
        try
        {
            return FactorBlocks(a, n, threads, inverse, panel);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(panel);
        }
    }

    private static bool FactorBlocks(double[] a, int n, int threads, double[] inverse, double[] panel)
    {
        for (int k0 = 0; k0 < n; k0 += BlockSize)
        {
            int kb = Math.Min(BlockSize, n - k0), k1 = k0 + kb;
            if (!FactorDiagonalBlock(a, n, k0, kb))
            {
                return false;
            }

            int below = n - k1;
            if (below == 0)
            {
                break;
            }

            // Panel: L21 = A21·L11⁻ᵀ as one GEMM with the inverse of the small diagonal factor.
            InvertLower(a, n, k0, kb, inverse);
            for (int i = 0; i < below; i++)
            {
                Array.Copy(a, ((k1 + i) * n) + k0, panel, i * kb, kb);
            }

            CpuGemm<double>.Multiply(Transpose.No, Transpose.Yes, below, kb, kb, 1.0, panel, 0, kb, inverse, 0, kb, 0.0, a, (k1 * n) + k0, n, threads);

            // Trailing lower triangle: A22 −= L21·L21ᵀ, by block rows (each block row only up to its diagonal).
            for (int r0 = k1; r0 < n; r0 += GramMatrix.BlockRows)
            {
                int rb = Math.Min(GramMatrix.BlockRows, n - r0);
                CpuGemm<double>.Multiply(Transpose.No, Transpose.Yes, rb, r0 + rb - k1, kb, -1.0, a, (r0 * n) + k0, n, a, (k1 * n) + k0, n, 1.0, a, (r0 * n) + k1, n, threads);
            }
        }

        return true;
    }

    /// <summary>Solves L·Lᵀ·x = b in place after <see cref="TryFactor"/>.</summary>
    /// <param name="factor">L in the lower triangle.</param>
    /// <param name="n">The order.</param>
    /// <param name="b">Right-hand side, overwritten with x.</param>
    public static void Solve(double[] factor, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            b[i] = (b[i] - TensorPrimitives.Dot(factor.AsSpan(i * n, i), b[..i])) / factor[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            b[i] /= factor[(i * n) + i];
            double xi = b[i];
            // Column i of Lᵀ is row i of L: subtract xi·L[i, j] from the earlier unknowns.
            TensorPrimitives.MultiplyAdd(factor.AsSpan(i * n, i), -xi, b[..i], b[..i]);
        }
    }

    /// <summary>inverse (kb × kb, row-major) ← L11⁻¹ for the factored diagonal block at (k0, k0); lower triangular.</summary>
    private static void InvertLower(double[] a, int n, int k0, int kb, double[] inverse)
    {
        Array.Clear(inverse, 0, kb * kb);
        for (int i = 0; i < kb; i++)
        {
            int ri = (k0 + i) * n;
            double diagonal = a[ri + k0 + i];
            inverse[(i * kb) + i] = 1 / diagonal;
            for (int j = 0; j < i; j++)
            {
                // X[i, j] = −(Σ_{k=j}^{i−1} L[i, k]·X[k, j]) / L[i, i]
                double s = 0;
                for (int k = j; k < i; k++)
                {
                    s += a[ri + k0 + k] * inverse[(k * kb) + j];
                }

                inverse[(i * kb) + j] = -s / diagonal;
            }
        }
    }

    private static bool FactorDiagonalBlock(double[] a, int n, int k0, int kb)
    {
        for (int j = 0; j < kb; j++)
        {
            int rj = (k0 + j) * n;
            double pivot = a[rj + k0 + j] - TensorPrimitives.SumOfSquares(a.AsSpan(rj + k0, j));
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return false;
            }

            double l = Math.Sqrt(pivot);
            a[rj + k0 + j] = l;
            for (int i = j + 1; i < kb; i++)
            {
                int ri = (k0 + i) * n;
                a[ri + k0 + j] = (a[ri + k0 + j] - TensorPrimitives.Dot(a.AsSpan(ri + k0, j), a.AsSpan(rj + k0, j))) / l;
            }
        }

        return true;
    }
}
