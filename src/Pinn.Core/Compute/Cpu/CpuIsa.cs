using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// The instruction-set path of the CPU kernels. <see cref="Avx512"/>: 512-bit vectors, 32 registers, an 8×(2·16)
/// float32 GEMM micro-kernel. <see cref="Avx2"/>: 256-bit vectors with FMA and only 16 registers, so a 6×(2·8)
/// micro-kernel (12 accumulators, two B vectors and a broadcast: 15 registers, nothing spilled); on a machine
/// without AVX2 it runs as portable 256-bit vector code.
/// </summary>
public enum CpuIsa
{
    /// <summary>AVX-512 (F, with FMA).</summary>
    Avx512,

    /// <summary>AVX2 + FMA (256-bit).</summary>
    Avx2,
}

/// <summary>Which <see cref="CpuIsa"/> paths this machine runs, and its best.</summary>
public static class CpuIsas
{
    /// <summary>The fastest path this process can run: AVX-512 where the runtime accelerates 512-bit vectors, else AVX2.</summary>
    public static CpuIsa Best => Vector512.IsHardwareAccelerated ? CpuIsa.Avx512 : CpuIsa.Avx2;

    /// <summary>Whether a path can run here (AVX2 always can: as portable 256-bit code where the hardware lacks it).</summary>
    /// <param name="isa">The path.</param>
    public static bool IsSupported(CpuIsa isa) => isa switch
    {
        CpuIsa.Avx512 => Vector512.IsHardwareAccelerated,
        CpuIsa.Avx2 => true,
        _ => false,
    };

    /// <summary>The path's name as printed by <c>pinn bench</c> and the backend: "avx512", "avx2" (with FMA), or "vector256" without hardware AVX2 and FMA.</summary>
    /// <param name="isa">The path.</param>
    public static string Name(CpuIsa isa) => isa switch
    {
        CpuIsa.Avx512 => "avx512",
        _ when Avx2.IsSupported && Fma.IsSupported => "avx2",
        _ => "vector256",
    };
}
