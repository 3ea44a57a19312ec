namespace Pinn.Runs.Benchmarking;

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
/// <param name="Isa">The kernels' instruction-set path that ran (<see cref="Pinn.Core.Compute.Cpu.CpuIsas.Name"/>).</param>
/// <param name="StepShapeGflops">Our GEMM on the step's own forward product shape (all stacked channel rows × N by N × N), best of several, in the same run.</param>
/// <param name="ProductGflops">
/// The step's products while they run, for members on parallel lanes (K ≥ 2 on the CPU): product flops over the time the
/// lanes spend inside products (summed over lanes, divided by their number); NaN where not measured.
/// </param>
/// <param name="ProductTimeFraction">The share of the lanes' time spent inside products (NaN where not measured).</param>
public sealed record BenchmarkResult(string Scale, string Precision, int Ensemble, int Threads, int Parameters, double MedianMs, double MinMs, double Gflops, double GemmCeilingGflops, double GemmFlopsPerStep, double PeakWorkingSetMiB, string Isa, double StepShapeGflops, double ProductGflops = double.NaN, double ProductTimeFraction = double.NaN)
{
    /// <summary>Achieved fraction of the GEMM ceiling: the products' flops over the whole step's time.</summary>
    public double CeilingFraction => Gflops / GemmCeilingGflops;

    /// <summary>The products' own speed as a fraction of the GEMM ceiling (NaN where not measured).</summary>
    public double ProductCeilingFraction => ProductGflops / GemmCeilingGflops;
}
