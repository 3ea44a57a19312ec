using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;

namespace Pinn.Gpu;

/// <summary>
/// Our tiled GEMM for ILGPU, C ← α·op(A)·op(B) + β·C on row-major float32 matrices: each group of 8×8 threads
/// computes an 8×8 tile of C, staging 8×8 tiles of op(A) and op(B) through shared memory (transposition absorbed
/// by the loads); β = 0 overwrites C without reading it. This is the fallback the GPU route uses where cuBLAS is not
/// available, and what CI runs on ILGPU's CPU accelerator.
/// </summary>
public sealed class GpuGemm
{
    /// <summary>The tile edge (threads per group are Tile × Tile).</summary>
    public const int Tile = 8;

    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments> kernel;
    private readonly Accelerator accelerator;

    /// <summary>Compiles the kernel for a device.</summary>
    /// <param name="device">The device.</param>
    public GpuGemm(GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        accelerator = device.Accelerator;
        kernel = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments>(TiledKernel);
    }

    /// <summary>C ← α·op(A)·op(B) + β·C on device buffers (leading dimensions in elements, as for <c>CpuGemm</c>).</summary>
    /// <param name="transA">Whether A is transposed: op(A) is m×k.</param>
    /// <param name="transB">Whether B is transposed: op(B) is k×n.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">B.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="beta">β.</param>
    /// <param name="c">C.</param>
    /// <param name="ldc">Row stride of C.</param>
    public void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        var grid = new Index2D((n + Tile - 1) / Tile, (m + Tile - 1) / Tile);
        var args = new GemmArguments(m, n, Math.Max(0, k), lda, ldb, ldc, transA == Transpose.Yes ? 1 : 0, transB == Transpose.Yes ? 1 : 0, alpha, beta);
        kernel(new KernelConfig(grid, new Index2D(Tile, Tile)), a, b, c, args);
        accelerator.Synchronize();
    }

    internal static void TiledKernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmArguments g)
    {
        var tileA = SharedMemory.Allocate<float>(Tile * Tile);
        var tileB = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int row = (Grid.IdxY * Tile) + ty, col = (Grid.IdxX * Tile) + tx;
        float sum = 0;
        for (int p0 = 0; p0 < g.K; p0 += Tile)
        {
            int pa = p0 + tx, pb = p0 + ty;
            tileA[(ty * Tile) + tx] = row < g.M && pa < g.K ? a[g.TransA != 0 ? ((long)pa * g.Lda) + row : ((long)row * g.Lda) + pa] : 0f;
            tileB[(ty * Tile) + tx] = pb < g.K && col < g.N ? b[g.TransB != 0 ? ((long)col * g.Ldb) + pb : ((long)pb * g.Ldb) + col] : 0f;
            Group.Barrier();
            for (int t = 0; t < Tile; t++)
            {
                sum += tileA[(ty * Tile) + t] * tileB[(t * Tile) + tx];
            }

            Group.Barrier();
        }

        if (row < g.M && col < g.N)
        {
            long index = ((long)row * g.Ldc) + col;
            c[index] = (g.Alpha * sum) + (g.Beta == 0f ? 0f : g.Beta * c[index]);
        }
    }

    /// <summary>The kernel's scalar arguments (a value type, as ILGPU kernels need).</summary>
    internal readonly struct GemmArguments(int m, int n, int k, int lda, int ldb, int ldc, int transA, int transB, float alpha, float beta)
    {
        public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc, TransA = transA, TransB = transB;
        public readonly float Alpha = alpha, Beta = beta;
    }
}
