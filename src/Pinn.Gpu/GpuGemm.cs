using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Pinn.Core.Compute;

namespace Pinn.Gpu;

/// <summary>
/// Our tiled GEMM for ILGPU, C ← α·op(A)·op(B) + β·C on row-major float32 matrices: each group of 8×8 threads
/// computes an 8×8 tile of C, staging 8×8 tiles of op(A) and op(B) through shared memory (transposition absorbed
/// by the loads); β = 0 overwrites C without reading it. A batch of products with strided operands is one launch (the
/// grid's third dimension is the product). On a CUDA accelerator whose cuBLAS library loads, products go to cuBLAS
/// instead (<see cref="UsesCuBlas"/>; a batch is one cuBLAS call per product on the same stream); the tiled kernel is
/// the fallback, and what CI runs on ILGPU's CPU accelerator.
/// </summary>
public sealed class GpuGemm : IDisposable
{
    /// <summary>The tile edge (threads per group are Tile × Tile).</summary>
    public const int Tile = 8;

    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments> kernel;
    private readonly CuBlas? cuBlas;

    /// <summary>Compiles the kernel for a device, and opens cuBLAS when the device is CUDA and the library loads.</summary>
    /// <param name="device">The device.</param>
    public GpuGemm(GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var accelerator = device.Accelerator;
        kernel = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArguments>(TiledKernel);
        cuBlas = accelerator is CudaAccelerator cuda ? OpenCuBlas(cuda) : null;
    }

    /// <summary>Whether products run in cuBLAS (a CUDA device whose cuBLAS loaded) rather than in the tiled kernel.</summary>
    public bool UsesCuBlas => cuBlas is not null;

    /// <inheritdoc />
    public void Dispose() => cuBlas?.Dispose();

    private static CuBlas? OpenCuBlas(CudaAccelerator cuda)
    {
        try
        {
            // On ILGPU's stream, so that products and our kernels run in launch order.
            return new CuBlas(cuda) { PointerMode = CuBlasPointerMode.Host, Stream = (CudaStream)cuda.DefaultStream };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or CudaException or InvalidOperationException)
        {
            return null; // no usable cuBLAS: the tiled kernel computes the products
        }
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
    public void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc) =>
        MultiplyBatched(1, transA, transB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0);

    /// <summary>
    /// <paramref name="count"/> products Cᵢ ← α·op(Aᵢ)·op(Bᵢ) + β·Cᵢ in one launch, Aᵢ starting i·<paramref name="strideA"/>
    /// elements into <paramref name="a"/> (likewise B and C), as <see cref="IComputeKernels{T}.GemmBatched"/>.
    /// </summary>
    /// <param name="count">Number of products.</param>
    /// <param name="transA">Whether A is transposed.</param>
    /// <param name="transB">Whether B is transposed.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">The first A.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="strideA">Elements from one A to the next.</param>
    /// <param name="b">The first B.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="strideB">Elements from one B to the next.</param>
    /// <param name="beta">β.</param>
    /// <param name="c">The first C.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="strideC">Elements from one C to the next.</param>
    public void MultiplyBatched(int count, Transpose transA, Transpose transB, int m, int n, int k, float alpha, ArrayView<float> a, int lda, long strideA, ArrayView<float> b, int ldb, long strideB, float beta, ArrayView<float> c, int ldc, long strideC)
    {
        if (m <= 0 || n <= 0 || count <= 0)
        {
            return;
        }

        if (cuBlas is not null)
        {
            // cuBLAS is column-major: the row-major C = op(A)·op(B) is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, and a
            // row-major matrix read column-major is its transpose — so B and A swap places and keep their flags.
            for (int i = 0; i < count; i++)
            {
                cuBlas.Gemm(Operation(transB), Operation(transA), n, m, k, alpha, b.SubView(i * strideB), ldb, a.SubView(i * strideA), lda, beta, c.SubView(i * strideC), ldc);
            }

            return;
        }

        var grid = new Index3D((n + Tile - 1) / Tile, (m + Tile - 1) / Tile, count);
        var args = new GemmArguments(m, n, Math.Max(0, k), lda, ldb, ldc, transA == Transpose.Yes ? 1 : 0, transB == Transpose.Yes ? 1 : 0, alpha, beta, strideA, strideB, strideC);
        // Not waited for: launches on the accelerator's stream run in order, and results reach the host through copies that wait.
        kernel(new KernelConfig(grid, new Index3D(Tile, Tile, 1)), a, b, c, args);
    }

    private static CuBlasOperation Operation(Transpose t) => t == Transpose.Yes ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose;

    internal static void TiledKernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmArguments g)
    {
        var tileA = SharedMemory.Allocate<float>(Tile * Tile);
        var tileB = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int row = (Grid.IdxY * Tile) + ty, col = (Grid.IdxX * Tile) + tx;
        long offsetA = Grid.IdxZ * g.StrideA, offsetB = Grid.IdxZ * g.StrideB, offsetC = Grid.IdxZ * g.StrideC;
        float sum = 0;
        for (int p0 = 0; p0 < g.K; p0 += Tile)
        {
            int pa = p0 + tx, pb = p0 + ty;
            tileA[(ty * Tile) + tx] = row < g.M && pa < g.K ? a[offsetA + (g.TransA != 0 ? ((long)pa * g.Lda) + row : ((long)row * g.Lda) + pa)] : 0f;
            tileB[(ty * Tile) + tx] = pb < g.K && col < g.N ? b[offsetB + (g.TransB != 0 ? ((long)col * g.Ldb) + pb : ((long)pb * g.Ldb) + col)] : 0f;
            Group.Barrier();
            for (int t = 0; t < Tile; t++)
            {
                sum += tileA[(ty * Tile) + t] * tileB[(t * Tile) + tx];
            }

            Group.Barrier();
        }

        if (row < g.M && col < g.N)
        {
            long index = offsetC + ((long)row * g.Ldc) + col;
            c[index] = (g.Alpha * sum) + (g.Beta == 0f ? 0f : g.Beta * c[index]);
        }
    }

    /// <summary>The kernel's scalar arguments (a value type, as ILGPU kernels need).</summary>
    internal readonly struct GemmArguments(int m, int n, int k, int lda, int ldb, int ldc, int transA, int transB, float alpha, float beta, long strideA, long strideB, long strideC)
    {
        public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc, TransA = transA, TransB = transB;
        public readonly float Alpha = alpha, Beta = beta;
        public readonly long StrideA = strideA, StrideB = strideB, StrideC = strideC;
    }
}
