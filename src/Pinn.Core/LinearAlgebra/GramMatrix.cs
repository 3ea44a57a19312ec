using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.LinearAlgebra;

/// <summary>The Gram matrix G = A·Aᵀ of a row-major matrix, lower triangle only (what a Cholesky factorization reads).</summary>
public static class GramMatrix
{
    /// <summary>Rows per block of G: large enough for the GEMM to run at speed.</summary>
    public const int BlockRows = 384;

    /// <summary>
    /// Rows per sub-block of a diagonal block: a diagonal block is computed in pieces of this many rows, each only up to
    /// its own last column, so that at most this many rows' worth of the upper triangle is computed and thrown away.
    /// </summary>
    public const int DiagonalRows = 96;

    /// <summary>
    /// Writes the lower triangle (diagonal included) of G = A·Aᵀ into <paramref name="gram"/> (n × n, row-major) by
    /// block rows: block i gets A[i]·A[0..i)ᵀ in one GEMM, then its diagonal block A[i]·A[i]ᵀ in sub-blocks of
    /// <see cref="DiagonalRows"/> rows, each up to its own last column — so about half of the full product's work is
    /// done (whole diagonal blocks of 256 rows were slower; benchmarks/measurement-log.md). Entries above the diagonal inside diagonal sub-blocks are written
    /// too; the rest of the upper triangle is left as it was.
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
        foreach (var (row, count, column, width) in Blocks(rows))
        {
            // G[row.., column..] = A[row..]·A[column..]ᵀ.
            CpuGemm<double>.Multiply(Transpose.No, Transpose.Yes, count, width, columns, 1.0, a, row * columns, columns, a, column * columns, columns, 0.0, gram, (row * rows) + column, rows, threads);
        }
    }

    /// <summary>Multiply–adds of <see cref="Lower"/> (for GFLOP/s reports, 2 flops each).</summary>
    /// <param name="rows">n.</param>
    /// <param name="columns">Columns of A.</param>
    public static long MultiplyAdds(int rows, int columns) => Blocks(rows).Sum(b => (long)b.Rows * b.Columns) * columns;

    /// <summary>The blocks of G that <see cref="Lower"/> computes, one GEMM each: first row, rows, first column, columns.</summary>
    private static IEnumerable<(int Row, int Rows, int Column, int Columns)> Blocks(int rows)
    {
        for (int start = 0; start < rows; start += BlockRows)
        {
            int count = Math.Min(BlockRows, rows - start);
            if (start > 0)
            {
                yield return (start, count, 0, start);
            }

            for (int s = 0; s < count; s += DiagonalRows)
            {
                int sub = Math.Min(DiagonalRows, count - s);
                yield return (start + s, sub, start, s + sub);
            }
        }
    }
}
