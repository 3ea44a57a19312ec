using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// The copies that lay a GEMM operand out as micro-panels (<see cref="CpuGemm{T}"/>): runs of a panel's width copied
/// row by row, and panels gathered from a transposed operand. Stateless; the caller guarantees every element it names
/// exists (one bounds check per panel, made by the caller's indexing of the first element).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class PanelPacking<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Copies <paramref name="rows"/> runs of <paramref name="width"/> elements, <paramref name="sourceStride"/> apart in
    /// the source, into consecutive runs of the destination. The runs of B's micro-panels (two vectors: 64 or 128 bytes) are
    /// copied as fixed-size values, which the JIT emits as vector moves; a copy of variable size would be a call to memmove per
    /// run, which costs more than the copy itself.
    /// </summary>
    /// <param name="destination">First element of the destination.</param>
    /// <param name="source">First element of the first run.</param>
    /// <param name="rows">Number of runs.</param>
    /// <param name="width">Elements per run.</param>
    /// <param name="sourceStride">Elements between the starts of consecutive runs in the source.</param>
    public static void CopyRuns(ref T destination, ref T source, int rows, int width, int sourceStride)
    {
        switch (width * Unsafe.SizeOf<T>())
        {
            case 64:
                CopyRuns<Bytes64>(ref destination, ref source, rows, width, sourceStride);
                return;
            case 128:
                CopyRuns<Bytes128>(ref destination, ref source, rows, width, sourceStride);
                return;
        }

        uint bytes = (uint)(width * Unsafe.SizeOf<T>());
        for (int r = 0; r < rows; r++)
        {
            Unsafe.CopyBlockUnaligned(
                ref Unsafe.As<T, byte>(ref Unsafe.Add(ref destination, (nint)r * width)),
                ref Unsafe.As<T, byte>(ref Unsafe.Add(ref source, (nint)r * sourceStride)),
                bytes);
        }
    }

    /// <summary>
    /// Packs a panel of a transposed operand: element (p, j) of the panel, at <c>p·nr + j</c>, is element
    /// <c>j·ld + p</c> of the source, for p &lt; <paramref name="kc"/> and j &lt; <paramref name="cols"/>; the columns
    /// from <paramref name="cols"/> to <paramref name="nr"/> are zeroed. Four source rows are read side by side and
    /// written in 4 × 4 blocks transposed in registers (SSE for float, AVX for double), so that every load and store
    /// moves four elements; elsewhere, and for the remainders, element by element in the same order.
    /// </summary>
    /// <param name="destination">First element of the panel.</param>
    /// <param name="source">Element (0, 0): the first of the panel's source rows.</param>
    /// <param name="kc">Rows of the panel (elements taken from each source row).</param>
    /// <param name="nr">Width of the panel.</param>
    /// <param name="cols">Source rows that exist (≤ nr).</param>
    /// <param name="ld">Elements between consecutive source rows.</param>
    public static void Transposed(ref T destination, ref T source, int kc, int nr, int cols, int ld)
    {
        int j = 0;
        for (; j + 4 <= cols; j += 4)
        {
            ref T s0 = ref Unsafe.Add(ref source, (nint)j * ld);
            ref T d = ref Unsafe.Add(ref destination, j);
            int p = Transpose4(ref d, ref s0, kc, nr, ld);
            ref T s1 = ref Unsafe.Add(ref s0, ld);
            ref T s2 = ref Unsafe.Add(ref s1, ld);
            ref T s3 = ref Unsafe.Add(ref s2, ld);
            for (; p < kc; p++)
            {
                ref T dp = ref Unsafe.Add(ref d, (nint)p * nr);
                dp = Unsafe.Add(ref s0, p);
                Unsafe.Add(ref dp, 1) = Unsafe.Add(ref s1, p);
                Unsafe.Add(ref dp, 2) = Unsafe.Add(ref s2, p);
                Unsafe.Add(ref dp, 3) = Unsafe.Add(ref s3, p);
            }
        }

        for (; j < cols; j++)
        {
            ref T s0 = ref Unsafe.Add(ref source, (nint)j * ld);
            for (int p = 0; p < kc; p++)
            {
                Unsafe.Add(ref destination, ((nint)p * nr) + j) = Unsafe.Add(ref s0, p);
            }
        }

        if (cols < nr)
        {
            for (int p = 0; p < kc; p++)
            {
                MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, ((nint)p * nr) + cols), nr - cols).Clear();
            }
        }
    }

    /// <summary>
    /// The 4 × 4 blocks of <see cref="Transposed"/> for four source rows: returns how many of the <paramref name="kc"/>
    /// elements per row it wrote (a multiple of 4; 0 where the instructions are missing).
    /// </summary>
    private static int Transpose4(ref T destination, ref T source, int kc, int nr, int ld)
    {
        int p = 0;
        nint ld1 = ld, ld2 = 2 * ld1, ld3 = 3 * ld1, nr1 = nr, nr2 = 2 * nr1, nr3 = 3 * nr1;
        if (typeof(T) == typeof(double) && Avx.IsSupported)
        {
            ref double s = ref Unsafe.As<T, double>(ref source);
            ref double d = ref Unsafe.As<T, double>(ref destination);
            for (; p + 4 <= kc; p += 4)
            {
                ref double sp = ref Unsafe.Add(ref s, p);
                var r0 = Vector256.LoadUnsafe(ref sp);
                var r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref sp, ld1));
                var r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref sp, ld2));
                var r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref sp, ld3));
                var t0 = Avx.UnpackLow(r0, r1);
                var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3);
                var t3 = Avx.UnpackHigh(r2, r3);
                ref double dp = ref Unsafe.Add(ref d, (nint)p * nr);
                Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref dp);
                Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref Unsafe.Add(ref dp, nr1));
                Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref Unsafe.Add(ref dp, nr2));
                Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref Unsafe.Add(ref dp, nr3));
            }
        }
        else if (typeof(T) == typeof(float) && Sse.IsSupported)
        {
            ref float s = ref Unsafe.As<T, float>(ref source);
            ref float d = ref Unsafe.As<T, float>(ref destination);
            for (; p + 4 <= kc; p += 4)
            {
                ref float sp = ref Unsafe.Add(ref s, p);
                var r0 = Vector128.LoadUnsafe(ref sp);
                var r1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref sp, ld1));
                var r2 = Vector128.LoadUnsafe(ref Unsafe.Add(ref sp, ld2));
                var r3 = Vector128.LoadUnsafe(ref Unsafe.Add(ref sp, ld3));
                var t0 = Sse.UnpackLow(r0, r1);
                var t1 = Sse.UnpackLow(r2, r3);
                var t2 = Sse.UnpackHigh(r0, r1);
                var t3 = Sse.UnpackHigh(r2, r3);
                ref float dp = ref Unsafe.Add(ref d, (nint)p * nr);
                Sse.MoveLowToHigh(t0, t1).StoreUnsafe(ref dp);
                Sse.MoveHighToLow(t1, t0).StoreUnsafe(ref Unsafe.Add(ref dp, nr1));
                Sse.MoveLowToHigh(t2, t3).StoreUnsafe(ref Unsafe.Add(ref dp, nr2));
                Sse.MoveHighToLow(t3, t2).StoreUnsafe(ref Unsafe.Add(ref dp, nr3));
            }
        }

        return p;
    }

    private static void CopyRuns<TRun>(ref T destination, ref T source, int rows, int width, int sourceStride)
        where TRun : unmanaged
    {
        for (int r = 0; r < rows; r++)
        {
            Unsafe.WriteUnaligned(
                ref Unsafe.As<T, byte>(ref Unsafe.Add(ref destination, (nint)r * width)),
                Unsafe.ReadUnaligned<TRun>(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref source, (nint)r * sourceStride))));
        }
    }

    [StructLayout(LayoutKind.Sequential, Size = 64)]
    private struct Bytes64
    {
    }

    [StructLayout(LayoutKind.Sequential, Size = 128)]
    private struct Bytes128
    {
    }
}
