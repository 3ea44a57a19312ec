namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// Kernel choices of a <see cref="CpuBackend{T}"/>. Both default to the fast path; the other path exists so that
/// tests and benchmarks can compare the two on one machine, in one process, without any global switch.
/// </summary>
/// <param name="FusedSigmoid">Use the fused sigmoid Taylor kernels where the width allows (else the general per-activation kernels).</param>
/// <param name="InPlaceB">Let the GEMM read non-transposed B panels in place (else it always packs B).</param>
public sealed record CpuKernelOptions(bool FusedSigmoid = true, bool InPlaceB = true)
{
    /// <summary>The defaults: every fast path on.</summary>
    public static CpuKernelOptions Default { get; } = new();
}
