using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Pinn.Core.LinearAlgebra;

namespace Pinn.Benchmarks;

/// <summary>
/// The Gauss–Newton Gram matrix, lower triangle of J·Jᵀ in float64, ours (<see cref="GramMatrix.Lower"/>) against
/// OpenBLAS's <c>dsyrk</c> (Debian's <c>libopenblas0-pthread</c>, a benchmark-only reference loaded at run time), both on
/// one thread as the polishing lanes run it: the main job's Jacobian (1 024 + 128 points by the medium network's
/// 12 737 parameters) and the small scale's (576 by 2 241). Install with <c>apt-get install libopenblas0-pthread</c>; set
/// <c>OPENBLAS_CORETYPE=HASWELL</c> (and <c>DOTNET_EnableAVX512=0</c> for ours) to compare the AVX2 paths.
/// </summary>
public class OpenBlasGramBenchmarks
{
    private const int RowMajor = 101, Lower = 122, NoTrans = 111;

    private double[] jacobian = [];
    private double[] gram = [];
    private int rows;
    private int columns;

    /// <summary>Rows × columns of the Jacobian.</summary>
    [Params("1152x12737", "576x2241")]
    public string Shape { get; set; } = "1152x12737";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        rows = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        columns = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(1);
        jacobian = Enumerable.Range(0, rows * columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        gram = new double[rows * rows];
        openblas_set_num_threads(1);
    }

    [Benchmark(Baseline = true)]
    public double OpenBlasDsyrk()
    {
        cblas_dsyrk(RowMajor, Lower, NoTrans, rows, columns, 1.0, jacobian, columns, 0.0, gram, rows);
        return gram[0];
    }

    [Benchmark]
    public double Ours()
    {
        GramMatrix.Lower(jacobian, rows, columns, gram, threads: 1);
        return gram[0];
    }

    [DllImport("libopenblas.so.0")]
    private static extern void cblas_dsyrk(int order, int uplo, int trans, int n, int k, double alpha, double[] a, int lda, double beta, double[] c, int ldc);

    [DllImport("libopenblas.so.0")]
    private static extern void openblas_set_num_threads(int threads);
}
