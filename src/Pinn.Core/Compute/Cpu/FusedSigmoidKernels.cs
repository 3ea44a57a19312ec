using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pinn.Core.Networks;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// Single-pass SIMD versions of the Taylor-mode kernels for the sigmoid activation: every channel of a point is
/// read and written once per vector of columns, with σ, σ', σ'', σ''' kept in registers. Used when the width is a
/// multiple of the vector length; <see cref="TaylorKernels{T}"/> is the general path and the reference these are
/// tested against.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class FusedSigmoidKernels<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Whether a width can use the fused kernels on this machine.</summary>
    public static bool Supports(Activation activation, int width) =>
        activation == Activation.Sigmoid && Vector256.IsHardwareAccelerated && width % Vector256<T>.Count == 0;

    private static bool Wide(CpuIsa isa, int width) => isa == CpuIsa.Avx512 && width % Vector512<T>.Count == 0;

    /// <summary>
    /// The kernels address their operands by reference, without a bounds check per access (they cost the
    /// kernels' loops more integer work than their arithmetic); this one check per call keeps them inside the arrays.
    /// </summary>
    private static void EnsureHolds(T[] array, int offset, long count, string name)
    {
        if (offset < 0 || offset + count > array.Length)
        {
            throw new ArgumentException($"{name} holds {array.Length} elements; the layer needs {count} from offset {offset}.", name);
        }
    }

    public static void ResidualForward(CpuIsa isa, ChannelLayout layout, int n, int start, int end, T[] z, int zOffset, T[] bias, int biasOffset, T[] yIn, int inOffset, T[] yOut, int outOffset)
    {
        long cells = (long)layout.Rows * n;
        EnsureHolds(z, zOffset, cells, nameof(z));
        EnsureHolds(yIn, inOffset, cells, nameof(yIn));
        EnsureHolds(yOut, outOffset, cells, nameof(yOut));
        EnsureHolds(bias, biasOffset, n, nameof(bias));
        if (Wide(isa, n))
        {
            ResidualForward<Simd512<T>, Vector512<T>>(layout, n, start, end, z, zOffset, bias, biasOffset, yIn, inOffset, yOut, outOffset);
        }
        else
        {
            ResidualForward<Simd256<T>, Vector256<T>>(layout, n, start, end, z, zOffset, bias, biasOffset, yIn, inOffset, yOut, outOffset);
        }
    }

    public static void ResidualBackward(CpuIsa isa, ChannelLayout layout, int n, int start, int end, T[] z, int zOffset, T[] dA, int dAOffset, T[] dZ, int dZOffset, T[] bias)
    {
        long cells = (long)layout.Rows * n;
        EnsureHolds(z, zOffset, cells, nameof(z));
        EnsureHolds(dA, dAOffset, cells, nameof(dA));
        EnsureHolds(dZ, dZOffset, cells, nameof(dZ));
        EnsureHolds(bias, 0, n, nameof(bias));
        if (Wide(isa, n))
        {
            ResidualBackward<Simd512<T>, Vector512<T>>(layout, n, start, end, z, zOffset, dA, dAOffset, dZ, dZOffset, bias);
        }
        else
        {
            ResidualBackward<Simd256<T>, Vector256<T>>(layout, n, start, end, z, zOffset, dA, dAOffset, dZ, dZOffset, bias);
        }
    }

    public static void InputForward(CpuIsa isa, ChannelLayout layout, int n, int start, int end, T[] points, int pointsOffset, T[] columns, T[] squares, T[] b0, int b0Offset, T[] z0, int z0Offset, T[] y, int yOffset)
    {
        EnsureHolds(points, pointsOffset, (long)layout.Points * layout.Dimension, nameof(points));
        EnsureHolds(columns, 0, (long)layout.Dimension * n, nameof(columns));
        EnsureHolds(squares, 0, n, nameof(squares));
        EnsureHolds(b0, b0Offset, n, nameof(b0));
        EnsureHolds(z0, z0Offset, (long)layout.Points * n, nameof(z0));
        EnsureHolds(y, yOffset, (long)layout.Rows * n, nameof(y));
        if (Wide(isa, n))
        {
            InputForward<Simd512<T>, Vector512<T>>(layout, n, start, end, points, pointsOffset, columns, squares, b0, b0Offset, z0, z0Offset, y, yOffset);
        }
        else
        {
            InputForward<Simd256<T>, Vector256<T>>(layout, n, start, end, points, pointsOffset, columns, squares, b0, b0Offset, z0, z0Offset, y, yOffset);
        }
    }

    public static void InputBackward(CpuIsa isa, ChannelLayout layout, int n, int start, int end, T[] points, int pointsOffset, T[] columns, T[] squares, T[] z0, int z0Offset, T[] dA, int dAOffset, T[] accW, T[] accB)
    {
        EnsureHolds(points, pointsOffset, (long)layout.Points * layout.Dimension, nameof(points));
        EnsureHolds(columns, 0, (long)layout.Dimension * n, nameof(columns));
        EnsureHolds(squares, 0, n, nameof(squares));
        EnsureHolds(z0, z0Offset, (long)layout.Points * n, nameof(z0));
        EnsureHolds(dA, dAOffset, (long)layout.Rows * n, nameof(dA));
        EnsureHolds(accW, 0, (long)layout.Dimension * n, nameof(accW));
        EnsureHolds(accB, 0, n, nameof(accB));
        if (Wide(isa, n))
        {
            InputBackward<Simd512<T>, Vector512<T>>(layout, n, start, end, points, pointsOffset, columns, squares, z0, z0Offset, dA, dAOffset, accW, accB);
        }
        else
        {
            InputBackward<Simd256<T>, Vector256<T>>(layout, n, start, end, points, pointsOffset, columns, squares, z0, z0Offset, dA, dAOffset, accW, accB);
        }
    }

    /// <summary>Input layer: z₀ = b₀ + Σ_k x_k W₀[:, k]; y = σ(z₀), ∂y/∂x_k = σ'·W₀[:, k], ∇²y = σ''·|W₀[j, :]|².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputForward<TS, TV>(ChannelLayout layout, int n, int start, int end, T[] points, int pointsOffset, T[] columns, T[] squares, T[] b0, int b0Offset, T[] z0, int z0Offset, T[] y, int yOffset)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count, d = layout.Dimension;
        ref T xs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(points), pointsOffset);
        ref T cs = ref MemoryMarshal.GetArrayDataReference(columns);
        ref T qs = ref MemoryMarshal.GetArrayDataReference(squares);
        ref T bs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b0), b0Offset);
        ref T zs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(z0), z0Offset);
        ref T ys = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y), yOffset);
        for (int p = start; p < end; p++)
        {
            bool derivatives = p < layout.DerivativePoints;
            ref T x = ref Unsafe.Add(ref xs, (nint)p * d);
            for (int j = 0; j < n; j += w)
            {
                TV zz = TS.Load(ref Unsafe.Add(ref bs, j));
                for (int k = 0; k < d; k++)
                {
                    zz = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref x, k)), TS.Load(ref Unsafe.Add(ref cs, ((nint)k * n) + j)), zz);
                }

                nint vrow = ((nint)p * n) + j;
                TS.Store(zz, ref Unsafe.Add(ref zs, vrow));
                Sigmoid<TS, TV>(zz, out var s, out var s1, out var s2);
                TS.Store(s, ref Unsafe.Add(ref ys, vrow));
                if (!derivatives)
                {
                    continue;
                }

                for (int k = 0; k < d; k++)
                {
                    TS.Store(TS.Multiply(s1, TS.Load(ref Unsafe.Add(ref cs, ((nint)k * n) + j))), ref Unsafe.Add(ref ys, ((nint)(layout.GradientRow(k) + p) * n) + j));
                }

                TS.Store(TS.Multiply(s2, TS.Load(ref Unsafe.Add(ref qs, j))), ref Unsafe.Add(ref ys, ((nint)(layout.LaplacianRow + p) * n) + j));
            }
        }
    }

    /// <summary>Adjoint of <see cref="InputForward{TS, TV}"/>: accumulates ∂V/∂W₀ (column-major, like columns) and ∂V/∂b₀.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputBackward<TS, TV>(ChannelLayout layout, int n, int start, int end, T[] points, int pointsOffset, T[] columns, T[] squares, T[] z0, int z0Offset, T[] dA, int dAOffset, T[] accW, T[] accB)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count, d = layout.Dimension;
        TV one = TS.Broadcast(T.One);
        TV six = TS.Broadcast(T.CreateTruncating(6));
        ref T xs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(points), pointsOffset);
        ref T cs = ref MemoryMarshal.GetArrayDataReference(columns);
        ref T qs = ref MemoryMarshal.GetArrayDataReference(squares);
        ref T zs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(z0), z0Offset);
        ref T das = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(dA), dAOffset);
        ref T ws = ref MemoryMarshal.GetArrayDataReference(accW);
        ref T bs = ref MemoryMarshal.GetArrayDataReference(accB);
        for (int p = start; p < end; p++)
        {
            bool derivatives = p < layout.DerivativePoints;
            ref T x = ref Unsafe.Add(ref xs, (nint)p * d);
            for (int j = 0; j < n; j += w)
            {
                nint vrow = ((nint)p * n) + j;
                Sigmoid<TS, TV>(TS.Load(ref Unsafe.Add(ref zs, vrow)), out _, out var s1, out var s2);
                TV dzv = TS.Multiply(s1, TS.Load(ref Unsafe.Add(ref das, vrow)));
                if (derivatives)
                {
                    TV dAl = TS.Load(ref Unsafe.Add(ref das, ((nint)(layout.LaplacianRow + p) * n) + j));
                    TV twice = TS.Multiply(TS.Add(s2, s2), dAl);
                    for (int k = 0; k < d; k++)
                    {
                        TV col = TS.Load(ref Unsafe.Add(ref cs, ((nint)k * n) + j));
                        TV dAg = TS.Load(ref Unsafe.Add(ref das, ((nint)(layout.GradientRow(k) + p) * n) + j));
                        dzv = TS.MultiplyAdd(TS.Multiply(s2, col), dAg, dzv);
                        ref T acc = ref Unsafe.Add(ref ws, ((nint)k * n) + j);
                        TS.Store(TS.Add(TS.Load(ref acc), TS.MultiplyAdd(twice, col, TS.Multiply(s1, dAg))), ref acc);
                    }

                    TV s3 = TS.Multiply(s1, TS.Subtract(one, TS.Multiply(six, s1)));
                    dzv = TS.MultiplyAdd(TS.Multiply(s3, TS.Load(ref Unsafe.Add(ref qs, j))), dAl, dzv);
                }

                ref T bj = ref Unsafe.Add(ref bs, j);
                TS.Store(TS.Add(TS.Load(ref bj), dzv), ref bj);
                for (int k = 0; k < d; k++)
                {
                    ref T acc = ref Unsafe.Add(ref ws, ((nint)k * n) + j);
                    TS.Store(TS.MultiplyAdd(dzv, TS.Broadcast(Unsafe.Add(ref x, k)), TS.Load(ref acc)), ref acc);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sigmoid<TS, TV>(TV z, out TV s, out TV s1, out TV s2)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        TV one = TS.Broadcast(T.One);
        s = TS.Divide(one, TS.Add(one, VectorExp<T>.Evaluate<TS, TV>(TS.Subtract(TS.Zero, z))));
        s1 = TS.Multiply(s, TS.Subtract(one, s));
        s2 = TS.Multiply(s1, TS.Subtract(one, TS.Add(s, s)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResidualForward<TS, TV>(ChannelLayout layout, int n, int start, int end, T[] z, int zOffset, T[] bias, int biasOffset, T[] yIn, int inOffset, T[] yOut, int outOffset)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count, d = layout.Dimension;
        ref T zs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(z), zOffset);
        ref T bs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bias), biasOffset);
        ref T ins = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(yIn), inOffset);
        ref T outs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(yOut), outOffset);
        for (int p = start; p < end; p++)
        {
            bool derivatives = p < layout.DerivativePoints;
            for (int j = 0; j < n; j += w)
            {
                nint vrow = ((nint)p * n) + j;
                ref T zv = ref Unsafe.Add(ref zs, vrow);
                TV zz = TS.Add(TS.Load(ref zv), TS.Load(ref Unsafe.Add(ref bs, j)));
                TS.Store(zz, ref zv);
                Sigmoid<TS, TV>(zz, out var s, out var s1, out var s2);
                TS.Store(TS.Add(TS.Load(ref Unsafe.Add(ref ins, vrow)), s), ref Unsafe.Add(ref outs, vrow));
                if (!derivatives)
                {
                    continue;
                }

                TV sum = TS.Zero;
                for (int k = 0; k < d; k++)
                {
                    nint row = ((nint)(layout.GradientRow(k) + p) * n) + j;
                    TV zg = TS.Load(ref Unsafe.Add(ref zs, row));
                    sum = TS.MultiplyAdd(zg, zg, sum);
                    TS.Store(TS.MultiplyAdd(s1, zg, TS.Load(ref Unsafe.Add(ref ins, row))), ref Unsafe.Add(ref outs, row));
                }

                nint lrow = ((nint)(layout.LaplacianRow + p) * n) + j;
                TV a = TS.MultiplyAdd(s1, TS.Load(ref Unsafe.Add(ref zs, lrow)), TS.Multiply(s2, sum));
                TS.Store(TS.Add(TS.Load(ref Unsafe.Add(ref ins, lrow)), a), ref Unsafe.Add(ref outs, lrow));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResidualBackward<TS, TV>(ChannelLayout layout, int n, int start, int end, T[] z, int zOffset, T[] dA, int dAOffset, T[] dZ, int dZOffset, T[] bias)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count, d = layout.Dimension;
        TV one = TS.Broadcast(T.One);
        TV six = TS.Broadcast(T.CreateTruncating(6));
        ref T zs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(z), zOffset);
        ref T das = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(dA), dAOffset);
        ref T dzs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(dZ), dZOffset);
        ref T bs = ref MemoryMarshal.GetArrayDataReference(bias);
        for (int p = start; p < end; p++)
        {
            bool derivatives = p < layout.DerivativePoints;
            for (int j = 0; j < n; j += w)
            {
                nint vrow = ((nint)p * n) + j;
                Sigmoid<TS, TV>(TS.Load(ref Unsafe.Add(ref zs, vrow)), out _, out var s1, out var s2);
                TV dzv = TS.Multiply(s1, TS.Load(ref Unsafe.Add(ref das, vrow)));
                if (derivatives)
                {
                    nint lrow = ((nint)(layout.LaplacianRow + p) * n) + j;
                    TV dAl = TS.Load(ref Unsafe.Add(ref das, lrow));
                    TV s3 = TS.Multiply(s1, TS.Subtract(one, TS.Multiply(six, s1)));
                    TV twice = TS.Multiply(TS.Add(s2, s2), dAl);
                    TV sum = TS.Zero, cross = TS.Zero;
                    for (int k = 0; k < d; k++)
                    {
                        nint row = ((nint)(layout.GradientRow(k) + p) * n) + j;
                        TV zg = TS.Load(ref Unsafe.Add(ref zs, row));
                        TV dAg = TS.Load(ref Unsafe.Add(ref das, row));
                        sum = TS.MultiplyAdd(zg, zg, sum);
                        cross = TS.MultiplyAdd(zg, dAg, cross);
                        TS.Store(TS.MultiplyAdd(twice, zg, TS.Multiply(s1, dAg)), ref Unsafe.Add(ref dzs, row));
                    }

                    TV zl = TS.Load(ref Unsafe.Add(ref zs, lrow));
                    dzv = TS.MultiplyAdd(s2, cross, dzv);
                    dzv = TS.MultiplyAdd(TS.MultiplyAdd(s2, zl, TS.Multiply(s3, sum)), dAl, dzv);
                    TS.Store(TS.Multiply(s1, dAl), ref Unsafe.Add(ref dzs, lrow));
                }

                TS.Store(dzv, ref Unsafe.Add(ref dzs, vrow));
                ref T bj = ref Unsafe.Add(ref bs, j);
                TS.Store(TS.Add(TS.Load(ref bj), dzv), ref bj);
            }
        }
    }
}
