using Pinn.Core.Configuration;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// Kernel choices of a <see cref="CpuBackend{T}"/>. Every field defaults to the fast path for this machine; the other
/// paths exist so that tests and benchmarks can compare them on one machine, in one process, without any global
/// switch (tests force <see cref="CpuIsa.Avx2"/> on an AVX-512 machine to cover that path).
/// </summary>
/// <param name="FusedSigmoid">Use the fused sigmoid Taylor kernels where the width allows (else the general per-activation kernels).</param>
/// <param name="InPlaceB">Let the GEMM read non-transposed B panels in place (else it always packs B).</param>
/// <param name="Isa">The instruction-set path of the GEMM and the fused kernels; null picks <see cref="CpuIsas.Best"/>.</param>
public sealed record CpuKernelOptions(bool FusedSigmoid = true, bool InPlaceB = true, CpuIsa? Isa = null)
{
    /// <summary>The defaults: every fast path on.</summary>
    public static CpuKernelOptions Default { get; } = new();

    /// <summary>The path that runs: <see cref="Isa"/>, or this machine's best.</summary>
    public CpuIsa ResolvedIsa => Isa ?? CpuIsas.Best;

    /// <summary>Throws naming the field when the requested path cannot run on this machine.</summary>
    public CpuKernelOptions Validate()
    {
        if (Isa is CpuIsa isa && !CpuIsas.IsSupported(isa))
        {
            throw new OptionsValidationException(nameof(Isa), $"Isa {isa} cannot run on this machine (it has {CpuIsas.Name(CpuIsas.Best)}); leave Isa unset to pick the best path.");
        }

        return this;
    }
}
