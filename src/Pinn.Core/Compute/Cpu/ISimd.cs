using System.Runtime.Intrinsics;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// A SIMD width abstraction for the GEMM micro-kernel: implemented by zero-size structs so that the JIT
/// specialises and inlines the kernel for each vector type (no virtual calls, no duplication of the kernel).
/// </summary>
/// <typeparam name="TVector">The vector type, e.g. <see cref="Vector512{T}"/>.</typeparam>
/// <typeparam name="T">The element type (float or double).</typeparam>
internal interface ISimd<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All-zero vector.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Loads a vector.</summary>
    static abstract TVector Load(ref T source);

    /// <summary>Stores a vector.</summary>
    static abstract void Store(TVector value, ref T destination);

    /// <summary>Broadcasts a scalar.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a − b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>a · b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>a / b.</summary>
    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>eˣ element-wise (the runtime's vector exponential).</summary>
    static abstract TVector Exp(TVector x);

    /// <summary>
    /// Element-wise minimum as the hardware computes it (one instruction; the IEEE-exact minimum costs six on AVX-512):
    /// where an element of either operand is NaN the result is <paramref name="b"/>'s, so callers pass the value that
    /// may be NaN second.
    /// </summary>
    static abstract TVector Min(TVector a, TVector b);

    /// <summary>Element-wise maximum as the hardware computes it: where either element is NaN, <paramref name="b"/>'s (see <see cref="Min"/>).</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>2ⁿ for integral n within the normal exponent range (built from the exponent bits).</summary>
    static abstract TVector PowerOfTwo(TVector n);
}
