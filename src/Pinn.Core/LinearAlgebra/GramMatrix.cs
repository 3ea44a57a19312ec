using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.LinearAlgebra;

/// <summary>The Gram matrix G = A·Aᵀ of a row-major matrix, lower triangle only (what a Cholesky factorization reads).</summary>
public static class GramMatrix
{
    /// <summary>Rows per block of G: large enough for the GEMM to run at speed, small enough to skip most of the upper triangle.</summary>
    public const int BlockRows = 256;

    /// <summary>
    /// Writes the lower triangle (diagonal included) of G = A·Aᵀ into <paramref name="gram"/> (n × n, row-major) by
    /// block rows: block i gets A[i]·A[0..i]ᵀ in one GEMM, so about half of the full product's work is done. Entries
    /// above the diagonal inside diagonal blocks are written too; the rest of the upper triangle is left as it was.
    /// </summary>
    /// <param name="a">A, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">n.</param>
    /// <param name="columns">Columns of A.</param>
    /// <param name="gram">Receives G.</param>
    /// <param name="threads">Worker threads.</param>
    public static void Lower(double[] a, int rows, int columns, double[] gram, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(a.Length, (long)rows * columns, nameof(a));
        ArgumentOutOfRangeException.ThrowIfLessThan(gram.Length, (long)rows * rows, nameof(gram));
        for (int start = 0; start < rows; start += BlockRows)
        {
            int count = Math.Min(BlockRows, rows - start);
            CpuGemm<double>.Multiply(Transpose.No, Transpose.Yes, count, start + count, columns, 1.0, a, start * columns, columns, a, 0, columns, 0.0, gram, start * rows, rows, threads);
        }
    }

    /// <summary>Multiply–adds of <see cref="Lower"/> (for GFLOP/s reports, 2 flops each).</summary>
    /// <param name="rows">n.</param>
    /// <param name="columns">Columns of A.</param>
    public static long MultiplyAdds(int rows, int columns)
    {
        long total = 0;
        for (int start = 0; start < rows; start += BlockRows)
        {
            int count = Math.Min(BlockRows, rows - start);
            total += (long)count * (start + count) * columns;
        }

        return total;
    }
}
