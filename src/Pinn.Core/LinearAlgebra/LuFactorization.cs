using System.Numerics.Tensors;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.LinearAlgebra;

/// <summary>
/// LU factorization with partial (row) pivoting of a dense float64 matrix, P·A = L·U, in place (row-major; L unit
/// lower triangular below the diagonal, U on and above it), right-looking and blocked as LAPACK's getrf: a panel of
/// columns is factored directly, the block row of U solved against it, and the trailing matrix updated with our GEMM,
/// which does almost all of the 2n³/3 work.
/// </summary>
public static class LuFactorization
{
    /// <summary>Columns per panel.</summary>
    public const int BlockSize = 64;

    /// <summary>Factors in place; false (and the matrix partly overwritten) when a pivot column is zero or not finite.</summary>
    /// <param name="a">A, n × n row-major; becomes L (strictly below the diagonal) and U.</param>
    /// <param name="n">The order.</param>
    /// <param name="pivots">Receives, for each row j, the row it was swapped with (n entries).</param>
    /// <param name="threads">Worker threads of the trailing updates.</param>
    public static bool TryFactor(double[] a, int n, int[] pivots, int threads)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(pivots);
        ArgumentOutOfRangeException.ThrowIfLessThan(a.Length, (long)n * n, nameof(a));
        ArgumentOutOfRangeException.ThrowIfLessThan(pivots.Length, n, nameof(pivots));
        for (int k0 = 0; k0 < n; k0 += BlockSize)
        {
            int kb = Math.Min(BlockSize, n - k0), k1 = k0 + kb;
            if (!FactorPanel(a, n, k0, k1, pivots))
            {
                return false;
            }

            if (k1 == n)
            {
                break;
            }

            // U12 = L11⁻¹·A12 (unit lower triangular, forward substitution by rows).
            for (int j = k0; j < k1; j++)
            {
                var rowJ = a.AsSpan((j * n) + k1, n - k1);
                for (int i = j + 1; i < k1; i++)
                {
                    double l = a[(i * n) + j];
                    if (l != 0)
                    {
                        TensorPrimitives.MultiplyAdd(rowJ, -l, a.AsSpan((i * n) + k1, n - k1), a.AsSpan((i * n) + k1, n - k1));
                    }
                }
            }

            // A22 −= L21·U12.
            CpuGemm<double>.Multiply(Transpose.No, Transpose.No, n - k1, n - k1, kb, -1.0, a, (k1 * n) + k0, n, a, (k0 * n) + k1, n, 1.0, a, (k1 * n) + k1, n, threads);
        }

        return true;
    }

    /// <summary>Solves A·x = b in place after <see cref="TryFactor"/>.</summary>
    /// <param name="factor">L and U.</param>
    /// <param name="n">The order.</param>
    /// <param name="pivots">The pivots.</param>
    /// <param name="b">Right-hand side, overwritten with x.</param>
    public static void Solve(double[] factor, int n, int[] pivots, Span<double> b)
    {
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentNullException.ThrowIfNull(pivots);
        for (int j = 0; j < n; j++)
        {
            (b[j], b[pivots[j]]) = (b[pivots[j]], b[j]);
        }

        for (int i = 0; i < n; i++)
        {
            b[i] -= TensorPrimitives.Dot(factor.AsSpan(i * n, i), b[..i]);
        }

        for (int i = n - 1; i >= 0; i--)
        {
            b[i] = (b[i] - TensorPrimitives.Dot(factor.AsSpan((i * n) + i + 1, n - i - 1), b[(i + 1)..n])) / factor[(i * n) + i];
        }
    }

    /// <summary>Exchanges rows <paramref name="i"/> and <paramref name="j"/> of an <paramref name="n"/>-column row-major matrix <paramref name="a"/>.</summary>
    /// <param name="a">The matrix.</param>
    /// <param name="n">Its columns.</param>
    /// <param name="i">One row.</param>
    /// <param name="j">The other row.</param>
    public static void SwapRows(double[] a, int n, int i, int j)
    {
        ArgumentNullException.ThrowIfNull(a);
        for (int c = 0; c < n; c++)
        {
            (a[(i * n) + c], a[(j * n) + c]) = (a[(j * n) + c], a[(i * n) + c]);
        }
    }

    /// <summary>Unblocked LU with partial pivoting of columns [k0, k1) over rows [k0, n); swaps whole rows.</summary>
    private static bool FactorPanel(double[] a, int n, int k0, int k1, int[] pivots)
    {
        for (int j = k0; j < k1; j++)
        {
            int pivot = j;
            double largest = Math.Abs(a[(j * n) + j]);
            for (int i = j + 1; i < n; i++)
            {
                double v = Math.Abs(a[(i * n) + j]);
                if (v > largest || double.IsNaN(v))
                {
                    largest = v;
                    pivot = i;
                    if (double.IsNaN(v))
                    {
                        break;
                    }
                }
            }

            if (!(largest > 0) || !double.IsFinite(largest))
            {
                return false;
            }

            pivots[j] = pivot;
            if (pivot != j)
            {
                SwapRows(a, n, j, pivot);
            }

            double inverse = 1 / a[(j * n) + j];
            var rowJ = a.AsSpan((j * n) + j + 1, k1 - j - 1);
            for (int i = j + 1; i < n; i++)
            {
                double l = a[(i * n) + j] * inverse;
                a[(i * n) + j] = l;
                if (l != 0 && rowJ.Length > 0)
                {
                    var rowI = a.AsSpan((i * n) + j + 1, k1 - j - 1);
                    TensorPrimitives.MultiplyAdd(rowJ, -l, rowI, rowI);
                }
            }
        }

        return true;
    }
}
