using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// Our own GEMM, C ← α·op(A)·op(B) + β·C for row-major float/double matrices, written after the GotoBLAS
/// scheme: op(B) is packed into K×NR column panels and op(A) into MR×K row panels (transposition is absorbed by
/// packing), the K dimension is blocked so a B micro-panel stays in L1 and an A block in L2, and a register-blocked
/// micro-kernel with FMA does the arithmetic: 8×(2·16) float32 on AVX-512 (32 vector registers), 6×(2·8) on AVX2
/// (16 registers: 12 accumulators, two B vectors and a broadcast), chosen by <see cref="CpuIsa"/>.
/// Work is split over threads by row blocks of C; where C has too few rows for that, by column ranges of C when C is
/// larger than <see cref="PartialSumBytes"/> (Gauss–Newton Gram blocks), otherwise — C small and K long, as for
/// weight gradients — by K ranges with a final reduction. Stateless: scratch comes from <see cref="ArrayPool{T}"/>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public static class CpuGemm<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int KC = 256;

    /// <summary>
    /// K block of products with a transposed A (weight gradients dW = dZᵀ·Y, both operands read in place with the
    /// layer's width as row stride): half of <see cref="KC"/>, so the in-place A and B micro-panels, whose k-rows each
    /// touch their own cache lines, share L1 with room to spare — faster for float32 and float64 on both kernel paths.
    /// Not where a row is a multiple of 512 bytes: there the rows fall into a few L1 sets whatever the block, and the
    /// longer block amortises the C tile better (<see cref="KcFor"/>; the width sweep is in benchmarks/measurement-log.md).
    /// </summary>
    private const int KCTransposedA = 128;

    /// <summary>Products of fewer flops than this run on one thread (splitting them costs more than it saves).</summary>
    public const long SplitThresholdFlops = 16_000_000;

    /// <summary>
    /// Largest C (bytes) split by K between threads: above it the threads split C's columns instead, because each
    /// thread's private partial sums would be streamed from L3 once per K block (the float64 J·Jᵀ blocks on Zen 3 ran
    /// faster split by columns; benchmarks/measurement-log.md).
    /// </summary>
    public const long PartialSumBytes = 256 * 1024;

    /// <summary>Rows of the micro-kernel on a path: 8 on AVX-512, 6 on AVX2.</summary>
    /// <param name="isa">The path.</param>
    public static int MR(CpuIsa isa) => isa == CpuIsa.Avx512 ? 8 : 6;

    /// <summary>Columns of the micro-kernel on a path (two vectors).</summary>
    /// <param name="isa">The path.</param>
    public static int NR(CpuIsa isa) => 2 * (isa == CpuIsa.Avx512 ? Vector512<T>.Count : Vector256<T>.Count);

    /// <summary>Rows of C per L2 block: a multiple of <see cref="MR"/> near 128.</summary>
    private static int MC(CpuIsa isa) => isa == CpuIsa.Avx512 ? 128 : 120;

    /// <summary>C ← α·op(A)·op(B) + β·C.</summary>
    /// <param name="transA">Whether A is transposed: op(A) is m×k.</param>
    /// <param name="transB">Whether B is transposed: op(B) is k×n.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A's storage.</param>
    /// <param name="aOffset">Offset of A's first element.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">B's storage.</param>
    /// <param name="bOffset">Offset of B's first element.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="beta">β (0 overwrites C without reading it, so NaN in C is ignored).</param>
    /// <param name="c">C's storage.</param>
    /// <param name="cOffset">Offset of C's first element.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="threads">Maximum number of threads (≥ 1).</param>
    /// <param name="inPlaceB">Read non-transposed B panels in place instead of packing them (false covers the packed path).</param>
    /// <param name="isa">The micro-kernel's instruction-set path (default <see cref="CpuIsas.Best"/>); AVX-512 where the runtime does not accelerate it is refused.</param>
    public static void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        T[] a, int aOffset, int lda, T[] b, int bOffset, int ldb, T beta, T[] c, int cOffset, int ldc, int threads, bool inPlaceB = true, CpuIsa? isa = null)
    {
        var path = isa ?? CpuIsas.Best;
        if (!CpuIsas.IsSupported(path))
        {
            throw new ArgumentException($"The {path} GEMM path cannot run on this machine (it has {CpuIsas.Name(CpuIsas.Best)}).", nameof(isa));
        }

        if (m <= 0 || n <= 0)
        {
            return;
        }

        // The kernels and the packing read the operands through unchecked references: every element must exist.
        RequireHolds(nameof(c), c, cOffset, m, n, ldc);
        if (k > 0)
        {
            RequireHolds(nameof(a), a, aOffset, transA == Transpose.No ? m : k, transA == Transpose.No ? k : m, lda);
            RequireHolds(nameof(b), b, bOffset, transB == Transpose.No ? k : n, transB == Transpose.No ? n : k, ldb);
        }

        if (k <= 0 || alpha == T.Zero)
        {
            ScaleC(c, cOffset, ldc, m, n, beta);
            return;
        }

        // β = 0: the first K block overwrites C (no clearing pass, no read of C); β ≠ 0, 1: scale once up front.
        bool overwrite = beta == T.Zero;
        if (!overwrite)
        {
            ScaleC(c, cOffset, ldc, m, n, beta);
        }

        var job = new Job(transA, transB, n, alpha, a, aOffset, lda, b, bOffset, ldb, inPlaceB, path);
        int mr = MR(path);
        threads = Math.Max(1, threads);
        long flops = 2L * m * n * k;
        if (threads == 1 || flops < SplitThresholdFlops)
        {
            job.Run(0, m, 0, k, c, cOffset, ldc, overwrite);
            return;
        }

        int rowBlocks = (m + MC(path) - 1) / MC(path);
        if (rowBlocks >= 4 * threads)
        {
            // Split rows of C: contiguous row ranges per thread, aligned to the micro-kernel's rows.
            int per = AlignedShare(m, threads, mr);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                int r0 = t * per, r1 = Math.Min(m, r0 + per);
                if (r0 < r1)
                {
                    job.Run(r0, r1, 0, k, c, cOffset, ldc, overwrite);
                }
            });
            return;
        }

        int nr = NR(path);
        if (n >= 4 * threads * nr && (long)m * n * Unsafe.SizeOf<T>() > PartialSumBytes)
        {
            // Split columns of C when a K split's private partial sums would not stay in L2 (e.g. the block rows of a
            // Gauss–Newton J·Jᵀ: 256 × 1 152 doubles): each thread owns whole NR-aligned column ranges, packs only its
            // part of B and writes its part of C once per K block, with no reduction.
            int perThread = AlignedShare(n, threads, nr);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                int c0 = t * perThread, c1 = Math.Min(n, c0 + perThread);
                if (c0 < c1)
                {
                    int bShift = transB == Transpose.No ? c0 : c0 * ldb;
                    var columns = new Job(transA, transB, c1 - c0, alpha, a, aOffset, lda, b, bOffset + bShift, ldb, inPlaceB, path);
                    columns.Run(0, m, 0, k, c, cOffset + c0, ldc, overwrite);
                }
            });
            return;
        }

        // Split K: thread 0 accumulates into C, the others into private buffers that are added at the end.
        int chunk = (k + threads - 1) / threads;
        var partials = new T[threads][];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int k0 = t * chunk, k1 = Math.Min(k, k0 + chunk);
            if (k0 >= k1)
            {
                return;
            }

            if (t == 0)
            {
                job.Run(0, m, k0, k1, c, cOffset, ldc, overwrite);
            }
            else
            {
                var partial = ArrayPool<T>.Shared.Rent(m * n);
                job.Run(0, m, k0, k1, partial, 0, n, overwrite: true);
                partials[t] = partial;
            }
        });
        for (int t = 1; t < threads; t++)
        {
            var partial = partials[t];
            if (partial is null)
            {
                continue;
            }

            for (int i = 0; i < m; i++)
            {
                var row = c.AsSpan(cOffset + (i * ldc), n);
                System.Numerics.Tensors.TensorPrimitives.Add(row, partial.AsSpan(i * n, n), row);
            }

            ArrayPool<T>.Shared.Return(partial);
        }
    }

    /// <summary>
    /// Whether the rows of an in-place B micro-panel (kc rows, <paramref name="ldb"/> elements apart) would evict each
    /// other from a 32 KiB, 8-way L1 (64 sets of 64-byte lines, the smallest L1 of the AVX2 machines we run on): a row
    /// stride that is a multiple of 64 bytes visits only 64 / gcd(64, stride in lines) sets, and when those sets' ways
    /// hold less than twice the panel (the A micro-panel needs room too), the panel is packed instead (faster on the
    /// Zen 3's 32 KiB L1 for such strides; benchmarks/measurement-log.md).
    /// </summary>
    /// <param name="ldb">Row stride of B in elements.</param>
    /// <param name="kc">Rows of the micro-panel.</param>
    internal static bool CollidesInL1(int ldb, int kc)
    {
        const int Sets = 64, Ways = 8, LineBytes = 64;
        long strideBytes = (long)ldb * Unsafe.SizeOf<T>();
        if (strideBytes % LineBytes != 0)
        {
            return false;
        }

        // gcd(64, lines) for a power-of-two 64: the lowest set bit of lines, at most 64.
        int gcd = 1 << Math.Min(6, BitOperations.TrailingZeroCount(strideBytes / LineBytes));
        int setsVisited = Sets / gcd;
        return 2L * kc > (long)setsVisited * Ways;
    }

    /// <summary>The K block of a product: <see cref="KCTransposedA"/> for a transposed A unless a row of either operand is a multiple of 512 bytes, else <see cref="KC"/>.</summary>
    /// <param name="transA">Whether A is transposed.</param>
    /// <param name="lda">Row stride of A as stored, in elements.</param>
    /// <param name="ldb">Row stride of B as stored, in elements.</param>
    internal static int KcFor(Transpose transA, int lda, int ldb)
    {
        const long SetAliasingBytes = 512;
        long size = Unsafe.SizeOf<T>();
        return transA == Transpose.Yes && lda * size % SetAliasingBytes != 0 && ldb * size % SetAliasingBytes != 0 ? KCTransposedA : KC;
    }

    /// <summary>Refuses an operand whose storage does not hold rows × cols elements <paramref name="ld"/> apart from its offset.</summary>
    private static void RequireHolds(string name, T[] array, int offset, int rows, int cols, int ld)
    {
        if (offset < 0 || ld < cols || offset + ((long)(rows - 1) * ld) + cols > array.Length)
        {
            throw new ArgumentException(
                $"Operand {name} ({rows} × {cols}, row stride {ld}, offset {offset}) does not fit its storage of {array.Length} elements.", name);
        }
    }

    /// <summary>Each thread's share of <paramref name="total"/> rows or columns, rounded up to a multiple of the micro-kernel's tile.</summary>
    private static int AlignedShare(int total, int threads, int tile) => (((total + threads - 1) / threads) + tile - 1) / tile * tile;

    private static void ScaleC(T[] c, int offset, int ldc, int m, int n, T beta)
    {
        if (beta == T.One)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            var row = c.AsSpan(offset + (i * ldc), n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private sealed class Job(Transpose transA, Transpose transB, int n, T alpha, T[] a, int aOffset, int lda, T[] b, int bOffset, int ldb, bool inPlaceB, CpuIsa isa)
    {
        private readonly int mr = MR(isa);
        private readonly int mcBlock = MC(isa);

        /// <summary>Computes rows [r0, r1) of C over the inner range [k0, k1), accumulating into dst.</summary>
        public void Run(int r0, int r1, int k0, int k1, T[] dst, int dstOffset, int ldd, bool overwrite)
        {
            int nr = NR(isa);
            int panelsN = (n + nr - 1) / nr;
            var bPack = ArrayPool<T>.Shared.Rent(panelsN * nr * KC);
            var aPack = ArrayPool<T>.Shared.Rent(mcBlock * KC);

            // Operands whose micro-panels are contiguous in memory are read in place; only transposed B, the
            // zero-padded edge panels and, on the AVX2 path, B panels whose rows would collide in L1 are packed — the
            // latter only when enough rows of C reuse each packed panel to pay for the copy (a 64 × 64 weight
            // gradient over 9 216 rows was 15–30 % slower packed).
            int kcBlock = KcFor(transA, lda, ldb);
            bool bInPlace = inPlaceB && transB == Transpose.No
                && (isa == CpuIsa.Avx512 || r1 - r0 < 4 * mcBlock || !CollidesInL1(ldb, Math.Min(kcBlock, k1 - k0)));
            try
            {
                for (int p0 = k0; p0 < k1; p0 += kcBlock)
                {
                    int kc = Math.Min(kcBlock, k1 - p0);
                    bool store = overwrite && p0 == k0;
                    for (int jp = 0; jp < panelsN; jp++)
                    {
                        if (!bInPlace || (jp + 1) * nr > n)
                        {
                            PackBPanel(bPack, jp * kc * nr, p0, kc, nr, jp);
                        }
                    }

                    for (int i0 = r0; i0 < r1; i0 += mcBlock)
                    {
                        int mc = Math.Min(mcBlock, r1 - i0);

                        // Rows past the end of A do not exist: the block's last, partial micro-panel is packed once,
                        // zero-padded, for all of B's panels (packing it per panel cost the AVX2 weight gradient, whose
                        // 64 or 200 rows are not a multiple of 6, up to a fifth of its time).
                        int edgeRows = mc % mr;
                        if (edgeRows > 0)
                        {
                            PackEdgePanel(aPack, i0 + mc - edgeRows, edgeRows, p0, kc);
                        }

                        for (int jp = 0; jp < panelsN; jp++)
                        {
                            int cols = Math.Min(nr, n - (jp * nr));
                            bool bPacked = !bInPlace || cols < nr;
                            ref T bPanel = ref bPacked ? ref bPack[jp * kc * nr] : ref b[bOffset + (p0 * ldb) + (jp * nr)];
                            int bStride = bPacked ? nr : ldb;
                            for (int ip = 0; ip * mr < mc; ip++)
                            {
                                int rows = Math.Min(mr, mc - (ip * mr));
                                int firstRow = i0 + (ip * mr);
                                ref T aPanel = ref aPack[0];
                                int rowStride, colStride;
                                if (rows < mr)
                                {
                                    rowStride = 1;
                                    colStride = mr;
                                }
                                else if (transA == Transpose.No)
                                {
                                    aPanel = ref a[aOffset + (firstRow * lda) + p0];
                                    rowStride = lda;
                                    colStride = 1;
                                }
                                else
                                {
                                    aPanel = ref a[aOffset + (p0 * lda) + firstRow];
                                    rowStride = 1;
                                    colStride = lda;
                                }

                                ref T cTile = ref dst[dstOffset + (firstRow * ldd) + (jp * nr)];
                                if (isa == CpuIsa.Avx512)
                                {
                                    if (cols <= Vector512<T>.Count)
                                    {
                                        NarrowKernel<Simd512<T>, Vector512<T>>(kc, ref aPanel, rowStride, colStride, ref bPanel, bStride, ref cTile, ldd, rows, cols, alpha, store);
                                    }
                                    else
                                    {
                                        Kernel<Simd512<T>, Vector512<T>>(kc, ref aPanel, rowStride, colStride, ref bPanel, bStride, ref cTile, ldd, rows, cols, alpha, store);
                                    }
                                }
                                else if (cols <= Vector256<T>.Count)
                                {
                                    NarrowKernel6<Simd256<T>, Vector256<T>>(kc, ref aPanel, rowStride, colStride, ref bPanel, bStride, ref cTile, ldd, rows, cols, alpha, store);
                                }
                                else
                                {
                                    Kernel6<Simd256<T>, Vector256<T>>(kc, ref aPanel, rowStride, colStride, ref bPanel, bStride, ref cTile, ldd, rows, cols, alpha, store);
                                }
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(bPack);
                ArrayPool<T>.Shared.Return(aPack);
            }
        }

        private void PackBPanel(T[] pack, int baseIndex, int p0, int kc, int nr, int jp)
        {
            int j0 = jp * nr;
            int cols = Math.Min(nr, n - j0);
            if (transB == Transpose.No && cols == nr)
            {
                PanelPacking<T>.CopyRuns(ref pack[baseIndex], ref b[bOffset + (p0 * ldb) + j0], kc, nr, ldb);
                return;
            }

            if (transB == Transpose.Yes)
            {
                PanelPacking<T>.Transposed(ref pack[baseIndex], ref b[bOffset + (j0 * ldb) + p0], kc, nr, cols, ldb);
                return;
            }

            // The edge panel of a non-transposed B: its valid columns, zero-padded.
            for (int p = 0; p < kc; p++)
            {
                var dst = pack.AsSpan(baseIndex + (p * nr), nr);
                b.AsSpan(bOffset + ((p0 + p) * ldb) + j0, cols).CopyTo(dst);
                dst[cols..].Clear();
            }
        }

        /// <summary>
        /// Packs the partial micro-panel of A — its <paramref name="rows"/> (fewer than the kernel's) from
        /// <paramref name="firstRow"/>, over [p0, p0 + kc) — zero-padded to the kernel's rows, at the start of the pack.
        /// Full panels are read in place.
        /// </summary>
        private void PackEdgePanel(T[] pack, int firstRow, int rows, int p0, int kc)
        {
            if (transA == Transpose.Yes)
            {
                for (int p = 0; p < kc; p++)
                {
                    var dst = pack.AsSpan(p * mr, mr);
                    a.AsSpan(aOffset + ((p0 + p) * lda) + firstRow, rows).CopyTo(dst);
                    dst[rows..].Clear();
                }

                return;
            }

            for (int r = 0; r < mr; r++)
            {
                int src = aOffset + ((firstRow + r) * lda) + p0;
                for (int p = 0; p < kc; p++)
                {
                    pack[(p * mr) + r] = r < rows ? a[src + p] : T.Zero;
                }
            }
        }
    }

    // Every micro-kernel is [SkipLocalsInit]: otherwise the stackalloc of its edge tile is zeroed by a helper call after
    // the loop, no vector register survives a call on x64, and the JIT kept the accumulators live across it by storing
    // all of them to the stack in every iteration: the edge-panel kernels (e.g. the last 8 columns of an N = 200
    // product) then ran at a ninth of their speed. A test checks the attribute stays.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Kernel<TS, TV>(int kc, ref T a, int rowStride, int colStride, ref T b, int bStride, ref T c, int ldc, int rows, int cols, T alpha, bool store)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count;
        nint r1 = rowStride, r2 = 2 * r1, r3 = 3 * r1, r4 = 4 * r1, r5 = 5 * r1, r6 = 6 * r1, r7 = 7 * r1, aStep = colStride, bStep = bStride;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero, c30 = TS.Zero, c31 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero, c60 = TS.Zero, c61 = TS.Zero, c70 = TS.Zero, c71 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(ref b);
            TV b1 = TS.Load(ref Unsafe.Add(ref b, w));
            TV x = TS.Broadcast(a);
            c00 = TS.MultiplyAdd(x, b0, c00);
            c01 = TS.MultiplyAdd(x, b1, c01);
            x = TS.Broadcast(Unsafe.Add(ref a, r1));
            c10 = TS.MultiplyAdd(x, b0, c10);
            c11 = TS.MultiplyAdd(x, b1, c11);
            x = TS.Broadcast(Unsafe.Add(ref a, r2));
            c20 = TS.MultiplyAdd(x, b0, c20);
            c21 = TS.MultiplyAdd(x, b1, c21);
            x = TS.Broadcast(Unsafe.Add(ref a, r3));
            c30 = TS.MultiplyAdd(x, b0, c30);
            c31 = TS.MultiplyAdd(x, b1, c31);
            x = TS.Broadcast(Unsafe.Add(ref a, r4));
            c40 = TS.MultiplyAdd(x, b0, c40);
            c41 = TS.MultiplyAdd(x, b1, c41);
            x = TS.Broadcast(Unsafe.Add(ref a, r5));
            c50 = TS.MultiplyAdd(x, b0, c50);
            c51 = TS.MultiplyAdd(x, b1, c51);
            x = TS.Broadcast(Unsafe.Add(ref a, r6));
            c60 = TS.MultiplyAdd(x, b0, c60);
            c61 = TS.MultiplyAdd(x, b1, c61);
            x = TS.Broadcast(Unsafe.Add(ref a, r7));
            c70 = TS.MultiplyAdd(x, b0, c70);
            c71 = TS.MultiplyAdd(x, b1, c71);
            a = ref Unsafe.Add(ref a, aStep);
            b = ref Unsafe.Add(ref b, bStep);
        }

        TV alphaV = TS.Broadcast(alpha);
        if (rows == 8 && cols == 2 * w)
        {
            Accumulate<TS, TV>(ref c, c00, c01, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, ldc), c10, c11, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, alphaV, w, store);
            return;
        }

        // Edge tile: spill the accumulators and add the valid part.
        Span<T> tile = stackalloc T[8 * 64];
        int stride = 2 * w;
        ref T t0 = ref MemoryMarshal.GetReference(tile);
        TS.Store(c00, ref t0); TS.Store(c01, ref Unsafe.Add(ref t0, w));
        TS.Store(c10, ref Unsafe.Add(ref t0, stride)); TS.Store(c11, ref Unsafe.Add(ref t0, stride + w));
        TS.Store(c20, ref Unsafe.Add(ref t0, 2 * stride)); TS.Store(c21, ref Unsafe.Add(ref t0, (2 * stride) + w));
        TS.Store(c30, ref Unsafe.Add(ref t0, 3 * stride)); TS.Store(c31, ref Unsafe.Add(ref t0, (3 * stride) + w));
        TS.Store(c40, ref Unsafe.Add(ref t0, 4 * stride)); TS.Store(c41, ref Unsafe.Add(ref t0, (4 * stride) + w));
        TS.Store(c50, ref Unsafe.Add(ref t0, 5 * stride)); TS.Store(c51, ref Unsafe.Add(ref t0, (5 * stride) + w));
        TS.Store(c60, ref Unsafe.Add(ref t0, 6 * stride)); TS.Store(c61, ref Unsafe.Add(ref t0, (6 * stride) + w));
        TS.Store(c70, ref Unsafe.Add(ref t0, 7 * stride)); TS.Store(c71, ref Unsafe.Add(ref t0, (7 * stride) + w));
        AddTile(ref c, ldc, tile, stride, rows, cols, alpha, store);
    }

    /// <summary>
    /// The edge-panel kernel: 8 rows × one vector, for panels with at most one vector of valid columns (e.g. the
    /// last 8 of N = 200 columns), so that no FMAs are spent on the padding of a second vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void NarrowKernel<TS, TV>(int kc, ref T a, int rowStride, int colStride, ref T b, int bStride, ref T c, int ldc, int rows, int cols, T alpha, bool store)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count;
        nint r1 = rowStride, r2 = 2 * r1, r3 = 3 * r1, r4 = 4 * r1, r5 = 5 * r1, r6 = 6 * r1, r7 = 7 * r1, aStep = colStride, bStep = bStride;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero, c6 = TS.Zero, c7 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(ref b);
            c0 = TS.MultiplyAdd(TS.Broadcast(a), b0, c0);
            c1 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r1)), b0, c1);
            c2 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r2)), b0, c2);
            c3 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r3)), b0, c3);
            c4 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r4)), b0, c4);
            c5 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r5)), b0, c5);
            c6 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r6)), b0, c6);
            c7 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r7)), b0, c7);
            a = ref Unsafe.Add(ref a, aStep);
            b = ref Unsafe.Add(ref b, bStep);
        }

        Span<T> tile = stackalloc T[8 * 64];
        ref T t0 = ref MemoryMarshal.GetReference(tile);
        TS.Store(c0, ref t0);
        TS.Store(c1, ref Unsafe.Add(ref t0, w));
        TS.Store(c2, ref Unsafe.Add(ref t0, 2 * w));
        TS.Store(c3, ref Unsafe.Add(ref t0, 3 * w));
        TS.Store(c4, ref Unsafe.Add(ref t0, 4 * w));
        TS.Store(c5, ref Unsafe.Add(ref t0, 5 * w));
        TS.Store(c6, ref Unsafe.Add(ref t0, 6 * w));
        TS.Store(c7, ref Unsafe.Add(ref t0, 7 * w));
        AddTile(ref c, ldc, tile, w, rows, cols, alpha, store);
    }

    /// <summary>The AVX2 micro-kernel: 6 rows × two vectors, 12 accumulators, so that with the two B vectors and the broadcast it fits the 16 registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Kernel6<TS, TV>(int kc, ref T a, int rowStride, int colStride, ref T b, int bStride, ref T c, int ldc, int rows, int cols, T alpha, bool store)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count;

        // Row offsets and strides as native integers, computed once: the loop then addresses A without re-extending them.
        nint r1 = rowStride, r2 = 2 * r1, r3 = 3 * r1, r4 = 4 * r1, r5 = 5 * r1, aStep = colStride, bStep = bStride;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(ref b);
            TV b1 = TS.Load(ref Unsafe.Add(ref b, w));
            TV x = TS.Broadcast(a);
            c00 = TS.MultiplyAdd(x, b0, c00);
            c01 = TS.MultiplyAdd(x, b1, c01);
            x = TS.Broadcast(Unsafe.Add(ref a, r1));
            c10 = TS.MultiplyAdd(x, b0, c10);
            c11 = TS.MultiplyAdd(x, b1, c11);
            x = TS.Broadcast(Unsafe.Add(ref a, r2));
            c20 = TS.MultiplyAdd(x, b0, c20);
            c21 = TS.MultiplyAdd(x, b1, c21);
            x = TS.Broadcast(Unsafe.Add(ref a, r3));
            c30 = TS.MultiplyAdd(x, b0, c30);
            c31 = TS.MultiplyAdd(x, b1, c31);
            x = TS.Broadcast(Unsafe.Add(ref a, r4));
            c40 = TS.MultiplyAdd(x, b0, c40);
            c41 = TS.MultiplyAdd(x, b1, c41);
            x = TS.Broadcast(Unsafe.Add(ref a, r5));
            c50 = TS.MultiplyAdd(x, b0, c50);
            c51 = TS.MultiplyAdd(x, b1, c51);
            a = ref Unsafe.Add(ref a, aStep);
            b = ref Unsafe.Add(ref b, bStep);
        }

        TV alphaV = TS.Broadcast(alpha);
        if (rows == 6 && cols == 2 * w)
        {
            Accumulate<TS, TV>(ref c, c00, c01, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, ldc), c10, c11, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, alphaV, w, store);
            Accumulate<TS, TV>(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, alphaV, w, store);
            return;
        }

        Span<T> tile = stackalloc T[6 * 32];
        int stride = 2 * w;
        ref T t0 = ref MemoryMarshal.GetReference(tile);
        TS.Store(c00, ref t0); TS.Store(c01, ref Unsafe.Add(ref t0, w));
        TS.Store(c10, ref Unsafe.Add(ref t0, stride)); TS.Store(c11, ref Unsafe.Add(ref t0, stride + w));
        TS.Store(c20, ref Unsafe.Add(ref t0, 2 * stride)); TS.Store(c21, ref Unsafe.Add(ref t0, (2 * stride) + w));
        TS.Store(c30, ref Unsafe.Add(ref t0, 3 * stride)); TS.Store(c31, ref Unsafe.Add(ref t0, (3 * stride) + w));
        TS.Store(c40, ref Unsafe.Add(ref t0, 4 * stride)); TS.Store(c41, ref Unsafe.Add(ref t0, (4 * stride) + w));
        TS.Store(c50, ref Unsafe.Add(ref t0, 5 * stride)); TS.Store(c51, ref Unsafe.Add(ref t0, (5 * stride) + w));
        AddTile(ref c, ldc, tile, stride, rows, cols, alpha, store);
    }

    /// <summary>The AVX2 edge-panel kernel: 6 rows × one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void NarrowKernel6<TS, TV>(int kc, ref T a, int rowStride, int colStride, ref T b, int bStride, ref T c, int ldc, int rows, int cols, T alpha, bool store)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        int w = TS.Count;
        nint r1 = rowStride, r2 = 2 * r1, r3 = 3 * r1, r4 = 4 * r1, r5 = 5 * r1, aStep = colStride, bStep = bStride;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(ref b);
            c0 = TS.MultiplyAdd(TS.Broadcast(a), b0, c0);
            c1 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r1)), b0, c1);
            c2 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r2)), b0, c2);
            c3 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r3)), b0, c3);
            c4 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r4)), b0, c4);
            c5 = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, r5)), b0, c5);
            a = ref Unsafe.Add(ref a, aStep);
            b = ref Unsafe.Add(ref b, bStep);
        }

        Span<T> tile = stackalloc T[6 * 16];
        ref T t0 = ref MemoryMarshal.GetReference(tile);
        TS.Store(c0, ref t0);
        TS.Store(c1, ref Unsafe.Add(ref t0, w));
        TS.Store(c2, ref Unsafe.Add(ref t0, 2 * w));
        TS.Store(c3, ref Unsafe.Add(ref t0, 3 * w));
        TS.Store(c4, ref Unsafe.Add(ref t0, 4 * w));
        TS.Store(c5, ref Unsafe.Add(ref t0, 5 * w));
        AddTile(ref c, ldc, tile, w, rows, cols, alpha, store);
    }

    /// <summary>Adds (or stores) the valid rows × cols of a spilled accumulator tile into C.</summary>
    private static void AddTile(ref T c, int ldc, ReadOnlySpan<T> tile, int stride, int rows, int cols, T alpha, bool store)
    {
        for (int r = 0; r < rows; r++)
        {
            ref T cr = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < cols; j++)
            {
                Unsafe.Add(ref cr, j) = (store ? T.Zero : Unsafe.Add(ref cr, j)) + (alpha * tile[(r * stride) + j]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<TS, TV>(ref T c, TV x0, TV x1, TV alpha, int w, bool store)
        where TS : struct, ISimd<TV, T>
        where TV : struct
    {
        ref T c1 = ref Unsafe.Add(ref c, w);
        if (store)
        {
            TS.Store(TS.Multiply(x0, alpha), ref c);
            TS.Store(TS.Multiply(x1, alpha), ref c1);
            return;
        }

        TS.Store(TS.MultiplyAdd(x0, alpha, TS.Load(ref c)), ref c);
        TS.Store(TS.MultiplyAdd(x1, alpha, TS.Load(ref c1)), ref c1);
    }
}
