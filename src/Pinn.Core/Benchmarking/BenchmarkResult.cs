namespace Pinn.Core.Benchmarking;

/// <summary>One benchmark configuration's timings (field names are the JSON output's).</summary>
/// <param name="Scale">small, medium or paper.</param>
/// <param name="Precision">f32 or f64.</param>
/// <param name="Ensemble">K.</param>
/// <param name="Threads">Worker threads.</param>
/// <param name="Parameters">Parameters per member.</param>
/// <param name="MedianMs">Median ms per training step (loss + gradient, all members).</param>
/// <param name="MinMs">Fastest step.</param>
/// <param name="Gflops">Achieved GFLOP/s of the step's matrix products at the median.</param>
/// <param name="GemmCeilingGflops">Our GEMM on one large product in the same run: the machine ceiling we compare with.</param>
/// <param name="GemmFlopsPerStep">Matrix-product flops of one step (all members).</param>
/// <param name="PeakWorkingSetMiB">Peak resident memory of the process.</param>
public sealed record BenchmarkResult(string Scale, string Precision, int Ensemble, int Threads, int Parameters, double MedianMs, double MinMs, double Gflops, double GemmCeilingGflops, double GemmFlopsPerStep, double PeakWorkingSetMiB)
{
    /// <summary>Achieved fraction of the GEMM ceiling.</summary>
    public double CeilingFraction => Gflops / GemmCeilingGflops;
}
