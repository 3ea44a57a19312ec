namespace Pinn.Runs.Benchmarking;

/// <summary>Timings (medians, ms) of the parts of one iteration of the production Gauss–Newton polisher, float64.</summary>
/// <param name="Scale">The network and point scale's name.</param>
/// <param name="Rows">Residual rows P.</param>
/// <param name="Parameters">|θ|.</param>
/// <param name="Threads">Worker threads.</param>
/// <param name="JacobianMs">r and J (forward and per-point reverse pass).</param>
/// <param name="GramMs">The lower triangle of J·Jᵀ.</param>
/// <param name="CholeskyMs">Damped factorizations, the triangular solves, δ and J·δ.</param>
/// <param name="StepMs">The trial point's residuals.</param>
/// <param name="GramGflops">GFLOP/s of the J·Jᵀ products.</param>
/// <param name="GemmCeilingGflops">Our float64 GEMM on a large product in the same run.</param>
public sealed record GaussNewtonBenchmarkResult(string Scale, int Rows, int Parameters, int Threads, double JacobianMs, double GramMs, double CholeskyMs, double StepMs, double GramGflops, double GemmCeilingGflops)
{
    /// <summary>One iteration.</summary>
    public double IterationMs => JacobianMs + GramMs + CholeskyMs + StepMs;

    /// <summary>J·Jᵀ speed as a fraction of the GEMM ceiling.</summary>
    public double GramCeilingFraction => GramGflops / GemmCeilingGflops;
}
