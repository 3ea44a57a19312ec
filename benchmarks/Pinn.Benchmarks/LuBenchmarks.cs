using BenchmarkDotNet.Attributes;
using Pinn.Core.LinearAlgebra;

namespace Pinn.Benchmarks;

/// <summary>
/// Our blocked LU (the disk solver's Newton matrix: (n + 1)·M = 25 × 32 = 800 and 33 × 32 = 1 056 unknowns) against
/// MathNet.Numerics' managed LU, the baseline, on the same random matrix.
/// </summary>
[MemoryDiagnoser]
public class LuBenchmarks
{
    private double[] a = [];
    private double[] work = [];
    private int[] pivots = [];
    private MathNet.Numerics.LinearAlgebra.Matrix<double>? matrix;

    /// <summary>The order.</summary>
    [Params(800, 1056)]
    public int Order { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        a = Enumerable.Range(0, Order * Order).Select(_ => random.NextDouble() - 0.5).ToArray();
        work = new double[a.Length];
        pivots = new int[Order];
        matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(Order, Order, (i, j) => a[(i * Order) + j]);
    }

    [Benchmark(Baseline = true)]
    public double MathNetLu() => matrix!.LU().Determinant;

    [Benchmark]
    public double OurLu()
    {
        Array.Copy(a, work, a.Length);
        LuFactorization.TryFactor(work, Order, pivots, Environment.ProcessorCount);
        return work[0];
    }
}
