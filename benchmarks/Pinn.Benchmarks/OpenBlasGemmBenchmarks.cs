using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Benchmarks;

/// <summary>
/// Our GEMM against OpenBLAS (Debian's <c>libopenblas0-pthread</c>, a benchmark-only reference loaded at run time,
/// never referenced by the product) on the three products of a training step, at the medium and paper scales:
/// forward Z = Y·Wᵀ, weight gradient dW = dZᵀ·Y and input gradient dY = dZ·W, float32: the whole batch on all cores
/// (<c>medium-*</c>, <c>paper-*</c>), and one chunk on one thread (<c>lane-*</c>: the products a training step runs since
/// every core owns chunks of points, <see cref="Pinn.Core.Loss.PinnLoss{T}.LaneChunkCells"/>), both libraries alike.
/// Install with <c>apt-get install libopenblas0-pthread</c>; set <c>OPENBLAS_CORETYPE=HASWELL</c> to compare the AVX2 paths.
/// </summary>
public class OpenBlasGemmBenchmarks
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private float[] a = [];
    private float[] b = [];
    private float[] c = [];
    private (bool TransA, bool TransB, int M, int N, int K) shape;
    private int threads;

    /// <summary>The step's product: scale and which of its three products.</summary>
    [Params("medium-forward", "medium-dW", "medium-dY", "paper-forward", "paper-dW", "paper-dY",
        "lane-medium-forward", "lane-medium-dW", "lane-medium-dY", "lane-paper-forward", "lane-paper-dW", "lane-paper-dY")]
    public string Product { get; set; } = "medium-forward";

    [GlobalSetup]
    public void Setup()
    {
        // Rows of the stacked Taylor channels: (d + 2)·points with d = 2 (medium 2 304 points, N = 64; paper ≈ 10 250, N = 200).
        // A lane's chunk (PinnLoss.DefaultChunkPoints on 2 lanes): medium 384 points = 1 536 rows, paper 250 interior points = 1 000 rows.
        bool lane = Product.StartsWith("lane-", StringComparison.Ordinal);
        string[] parts = Product.Split('-');
        bool medium = parts[^2] == "medium";
        var (rows, width) = (lane, medium) switch
        {
            (false, true) => (9216, 64),
            (false, false) => (41000, 200),
            (true, true) => (1536, 64),
            _ => (1000, 200),
        };
        threads = lane ? 1 : Environment.ProcessorCount;
        shape = parts[^1] switch
        {
            "forward" => (false, true, rows, width, width),
            "dW" => (true, false, width, width, rows),
            _ => (false, false, rows, width, width),
        };
        var random = new Random(1);
        int aLength = shape.M * shape.K, bLength = shape.K * shape.N;
        a = Enumerable.Range(0, aLength).Select(_ => (float)random.NextDouble()).ToArray();
        b = Enumerable.Range(0, bLength).Select(_ => (float)random.NextDouble()).ToArray();
        c = new float[shape.M * shape.N];
        openblas_set_num_threads(threads);
    }

    [Benchmark(Baseline = true)]
    public float OpenBlas()
    {
        var (ta, tb, m, n, k) = shape;
        cblas_sgemm(RowMajor, ta ? Trans : NoTrans, tb ? Trans : NoTrans, m, n, k, 1f, a, ta ? m : k, b, tb ? k : n, 0f, c, n);
        return c[0];
    }

    [Benchmark]
    public float OursBestIsa() => Ours(CpuIsas.Best);

    [Benchmark]
    public float OursAvx2() => Ours(CpuIsa.Avx2);

    private float Ours(CpuIsa isa)
    {
        var (ta, tb, m, n, k) = shape;
        CpuGemm<float>.Multiply(ta ? Transpose.Yes : Transpose.No, tb ? Transpose.Yes : Transpose.No, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n, threads, isa: isa);
        return c[0];
    }

    [DllImport("libopenblas.so.0")]
    private static extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

    [DllImport("libopenblas.so.0")]
    private static extern void openblas_set_num_threads(int threads);
}
