using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.Tests.Compute;

public class CpuGemmTests
{
    [Fact]
    public void MicroKernelsDoNotZeroTheirEdgeTile()
    {
        // With the stackalloc'd edge tile zeroed, the zeroing call after the inner loop made the JIT keep every accumulator
        // on the stack in every iteration (no vector register survives a call on x64): the one-vector edge kernels ran
        // at a ninth of their speed. Their locals must not be initialized ([SkipLocalsInit]).
        var kernels = typeof(CpuGemm<float>).GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(m => m.Name.EndsWith("Kernel", StringComparison.Ordinal) || m.Name.EndsWith("Kernel6", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["Kernel", "Kernel6", "NarrowKernel", "NarrowKernel6"], kernels.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.All(kernels, k => Assert.False(k.GetMethodBody()!.InitLocals, $"{k.Name} zeroes its locals"));
    }

    private static double[] Random(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (r.NextDouble() * 2) - 1).ToArray();
    }

    private static double[] Naive(Transpose ta, Transpose tb, int m, int n, int k, double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c0, int ldc)
    {
        var c = (double[])c0.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = ta == Transpose.No ? a[(i * lda) + p] : a[(p * lda) + i];
                    double bv = tb == Transpose.No ? b[(p * ldb) + j] : b[(j * ldb) + p];
                    s += av * bv;
                }

                c[(i * ldc) + j] = (alpha * s) + (beta == 0 ? 0 : beta * c0[(i * ldc) + j]);
            }
        }

        return c;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 13, 5)]
    [InlineData(9, 33, 300)]
    [InlineData(130, 31, 257)]
    [InlineData(200, 200, 3000)]
    [InlineData(1000, 200, 200)]
    [InlineData(17, 1, 64)]
    [InlineData(41, 200, 600)]
    public void MatchesNaiveTripleLoopForEveryTransposition(int m, int n, int k)
    {
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
            {
                int lda = ta == Transpose.No ? k + 3 : m + 2;
                int ldb = tb == Transpose.No ? n + 1 : k + 5;
                int ldc = n + 2;
                var a = Random((ta == Transpose.No ? m : k) * lda, 1);
                var b = Random((tb == Transpose.No ? k : n) * ldb, 2);
                var c = Random(m * ldc, 3);
                var expected = Naive(ta, tb, m, n, k, 0.75, a, lda, b, ldb, 0.5, c, ldc);
                foreach (var (threads, inPlaceB, isa) in Paths())
                {
                    var actual = (double[])c.Clone();
                    CpuGemm<double>.Multiply(ta, tb, m, n, k, 0.75, a, 0, lda, b, 0, ldb, 0.5, actual, 0, ldc, threads, inPlaceB, isa);

                    for (int i = 0; i < m; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            NumericAssert.Absolute(expected[(i * ldc) + j], actual[(i * ldc) + j], 1e-12 * Math.Sqrt(k) * 4, $"C[{i},{j}] {ta}{tb} threads={threads} inPlaceB={inPlaceB} isa={isa}");
                        }

                        // Padding columns beyond n are untouched.
                        Assert.Equal(c[(i * ldc) + n], actual[(i * ldc) + n]);
                    }
                }
            }
        }
    }

    /// <summary>Threads, in-place B and every micro-kernel path this machine can run (AVX2 is forced on AVX-512 machines).</summary>
    private static IEnumerable<(int Threads, bool InPlaceB, CpuIsa Isa)> Paths() =>
        from isa in Enum.GetValues<CpuIsa>().Where(CpuIsas.IsSupported)
        from p in new[] { (1, true), (2, true), (2, false) }
        select (p.Item1, p.Item2, isa);

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 7, 3)]
    [InlineData(6, 16, 9)]
    [InlineData(13, 17, 31)]
    [InlineData(121, 40, 260)]
    [InlineData(600, 200, 200)]
    public void SinglePrecisionMatchesTheDoubleTripleLoopOnEveryPath(int m, int n, int k)
    {
        // Odd shapes around both micro-kernels' tiles (6×16 and 8×32 for float) and the row blocks (120, 128).
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
            {
                int lda = ta == Transpose.No ? k + 1 : m + 3;
                int ldb = tb == Transpose.No ? n + 2 : k;
                int ldc = n + 1;
                var a = Random((ta == Transpose.No ? m : k) * lda, 11);
                var b = Random((tb == Transpose.No ? k : n) * ldb, 12);
                var c = Random(m * ldc, 13);
                var expected = Naive(ta, tb, m, n, k, -1.25, a, lda, b, ldb, 0.5, c, ldc);
                var af = a.Select(v => (float)v).ToArray();
                var bf = b.Select(v => (float)v).ToArray();
                foreach (var (threads, inPlaceB, isa) in Paths())
                {
                    var actual = c.Select(v => (float)v).ToArray();
                    CpuGemm<float>.Multiply(ta, tb, m, n, k, -1.25f, af, 0, lda, bf, 0, ldb, 0.5f, actual, 0, ldc, threads, inPlaceB, isa);
                    for (int i = 0; i < m; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            NumericAssert.Absolute(expected[(i * ldc) + j], actual[(i * ldc) + j], 2e-6 * Math.Sqrt(k) * 4, $"C[{i},{j}] {ta}{tb} threads={threads} inPlaceB={inPlaceB} isa={isa}");
                        }

                        Assert.Equal((float)c[(i * ldc) + n], actual[(i * ldc) + n]);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(256, 256, true)] // 1 KiB rows: 4 sets × 8 ways hold 32 of the panel's 256 rows
    [InlineData(256, 16, false)]
    [InlineData(200, 256, false)] // 800-byte rows spread over every set
    [InlineData(64, 64, false)] // 256-byte rows: 16 sets hold 128 lines, twice the 64-row panel
    [InlineData(64, 256, true)]
    [InlineData(65, 256, false)]
    public void AnInPlaceBPanelCollidesInL1WhenItsRowStrideVisitsTooFewSets(int ldb, int kc, bool collides)
    {
        Assert.Equal(collides, CpuGemm<float>.CollidesInL1(ldb, kc));
        Assert.Equal(collides, CpuGemm<double>.CollidesInL1(ldb / 2, kc) && ldb % 2 == 0);
    }

    [Theory]
    [InlineData(Transpose.Yes, 200, 200, 128)] // paper weight gradient: 800-byte rows
    [InlineData(Transpose.Yes, 64, 64, 128)] // medium: 256-byte rows
    [InlineData(Transpose.Yes, 128, 128, 256)] // 512-byte rows fall into a few L1 sets whatever the block
    [InlineData(Transpose.Yes, 256, 200, 256)]
    [InlineData(Transpose.Yes, 200, 256, 256)]
    [InlineData(Transpose.No, 200, 200, 256)]
    public void TransposedAProductsTakeHalfTheKBlockUnlessARowIsAMultipleOf512Bytes(Transpose transA, int lda, int ldb, int kc)
    {
        Assert.Equal(kc, CpuGemm<float>.KcFor(transA, lda, ldb));
        Assert.Equal(kc, CpuGemm<double>.KcFor(transA, lda / 2, ldb / 2));
    }

    [Fact]
    public void WeightGradientShapesMatchTheTripleLoopWithEitherKBlock()
    {
        // dW = dZᵀ·Y over several K blocks, at row strides that take the short block (200) and the long one (128 floats,
        // 64 doubles: 512 bytes), with K not a multiple of either block.
        const int k = 555;
        foreach (int width in new[] { 200, 128, 64 })
        {
            var a = Random(k * width, 41);
            var b = Random(k * width, 42);
            var expected = Naive(Transpose.Yes, Transpose.No, width, width, k, 1.0, a, width, b, width, 0.0, new double[width * width], width);
            var af = a.Select(v => (float)v).ToArray();
            var bf = b.Select(v => (float)v).ToArray();
            foreach (var (threads, inPlaceB, isa) in Paths())
            {
                var actual = new float[width * width];
                CpuGemm<float>.Multiply(Transpose.Yes, Transpose.No, width, width, k, 1f, af, 0, width, bf, 0, width, 0f, actual, 0, width, threads, inPlaceB, isa);
                var actualDouble = new double[width * width];
                CpuGemm<double>.Multiply(Transpose.Yes, Transpose.No, width, width, k, 1.0, a, 0, width, b, 0, width, 0.0, actualDouble, 0, width, threads, inPlaceB, isa);
                for (int i = 0; i < expected.Length; i++)
                {
                    NumericAssert.Absolute(expected[i], actual[i], 2e-6 * Math.Sqrt(k) * 4, $"f32 dW[{i / width},{i % width}] width={width} threads={threads} isa={isa}");
                    NumericAssert.Absolute(expected[i], actualDouble[i], 1e-12 * Math.Sqrt(k) * 4, $"f64 dW[{i / width},{i % width}] width={width} threads={threads} isa={isa}");
                }
            }
        }
    }

    [Fact]
    public void OperandsThatDoNotFitTheirStorageAreRefusedBeforeAnyRead()
    {
        // The kernels read through unchecked references, so a short array must be refused up front, naming the operand.
        var a = new float[(10 * 7) + 3];
        var b = new float[7 * 5];
        var c = new float[10 * 5];
        CpuGemm<float>.Multiply(Transpose.No, Transpose.No, 10, 5, 7, 1f, a, 3, 7, b, 0, 5, 0f, c, 0, 5, 1);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => CpuGemm<float>.Multiply(Transpose.No, Transpose.No, 10, 5, 7, 1f, a, 4, 7, b, 0, 5, 0f, c, 0, 5, 1)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => CpuGemm<float>.Multiply(Transpose.No, Transpose.Yes, 10, 5, 7, 1f, a, 0, 7, b, 1, 7, 0f, c, 0, 5, 1)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => CpuGemm<float>.Multiply(Transpose.No, Transpose.No, 10, 5, 7, 1f, a, 0, 7, b, 0, 5, 0f, c, 0, 6, 1)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => CpuGemm<float>.Multiply(Transpose.Yes, Transpose.No, 10, 5, 7, 1f, a, 0, 9, b, 0, 5, 0f, c, 0, 5, 1)).ParamName);
    }

    [Fact]
    public void BPanelsPackedBecauseTheirRowsCollideGiveTheSameProduct()
    {
        // ldb = 1 KiB and ≥ 480 rows of C: the AVX2 path packs B panels it would otherwise read in place.
        const int m = 500, n = 40, k = 300, lda = 301, ldc = 41;
        foreach (int ldb in new[] { 256, 200 })
        {
            var a = Random(m * lda, 21);
            var b = Random(k * ldb, 22);
            var c = Random(m * ldc, 23);
            var expected = Naive(Transpose.No, Transpose.No, m, n, k, 1.5, a, lda, b, ldb, 0.25, c, ldc);
            var af = a.Select(v => (float)v).ToArray();
            var bf = b.Select(v => (float)v).ToArray();
            foreach (var (threads, inPlaceB, isa) in Paths())
            {
                var actual = c.Select(v => (float)v).ToArray();
                CpuGemm<float>.Multiply(Transpose.No, Transpose.No, m, n, k, 1.5f, af, 0, lda, bf, 0, ldb, 0.25f, actual, 0, ldc, threads, inPlaceB, isa);
                var actualDouble = (double[])c.Clone();
                CpuGemm<double>.Multiply(Transpose.No, Transpose.No, m, n, k, 1.5, a, 0, lda, b, 0, ldb / 2, 0.25, actualDouble, 0, ldc, threads, inPlaceB, isa);
                var expectedDouble = Naive(Transpose.No, Transpose.No, m, n, k, 1.5, a, lda, b, ldb / 2, 0.25, c, ldc);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        NumericAssert.Absolute(expected[(i * ldc) + j], actual[(i * ldc) + j], 2e-6 * Math.Sqrt(k) * 4, $"f32 C[{i},{j}] ldb={ldb} threads={threads} inPlaceB={inPlaceB} isa={isa}");
                        NumericAssert.Absolute(expectedDouble[(i * ldc) + j], actualDouble[(i * ldc) + j], 1e-12 * Math.Sqrt(k) * 4, $"f64 C[{i},{j}] ldb={ldb / 2} threads={threads} isa={isa}");
                    }
                }
            }
        }
    }

    [Fact]
    public void ColumnSplitProductsEqualTheOneThreadProductBitForBit()
    {
        // Few rows, C above PartialSumBytes, above the split threshold: the threads split C's columns, so every entry
        // is summed over K in the same order as on one thread (a K split would round differently).
        foreach (var (ta, tb) in new[] { (Transpose.No, Transpose.Yes), (Transpose.Yes, Transpose.No), (Transpose.No, Transpose.No) })
        {
            const int m = 60, n = 700, k = 300;
            Assert.True((long)m * n * sizeof(double) > CpuGemm<double>.PartialSumBytes);
            int lda = ta == Transpose.No ? k : m, ldb = tb == Transpose.No ? n : k;
            var a = Random(m * k, 31);
            var b = Random(k * n, 32);
            foreach (var isa in Enum.GetValues<CpuIsa>().Where(CpuIsas.IsSupported))
            {
                var one = new double[m * n];
                var two = new double[m * n];
                CpuGemm<double>.Multiply(ta, tb, m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, one, 0, n, 1, isa: isa);
                CpuGemm<double>.Multiply(ta, tb, m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, two, 0, n, 2, isa: isa);
                Assert.Equal(one, two);
                var expected = Naive(ta, tb, m, n, k, 1.0, a, lda, b, ldb, 0.0, new double[m * n], n);
                for (int i = 0; i < expected.Length; i++)
                {
                    NumericAssert.Absolute(expected[i], two[i], 1e-12 * Math.Sqrt(k) * 4, $"C[{i / n},{i % n}] {ta}{tb} isa={isa}");
                }
            }
        }
    }

    [Fact]
    public void TheBestPathIsTheWidestTheRuntimeAcceleratesAndForcingAMissingOneIsRefused()
    {
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? CpuIsa.Avx512 : CpuIsa.Avx2, CpuIsas.Best);
        Assert.True(CpuIsas.IsSupported(CpuIsa.Avx2));
        Assert.Equal(6, CpuGemm<float>.MR(CpuIsa.Avx2));
        Assert.Equal(16, CpuGemm<float>.NR(CpuIsa.Avx2));
        Assert.Equal(8, CpuGemm<float>.MR(CpuIsa.Avx512));
        Assert.Equal(32, CpuGemm<float>.NR(CpuIsa.Avx512));
        if (!CpuIsas.IsSupported(CpuIsa.Avx512))
        {
            var e = Assert.Throws<Pinn.Core.Configuration.OptionsValidationException>(() => new CpuKernelOptions(Isa: CpuIsa.Avx512).Validate());
            Assert.Equal("Isa", e.Property);
        }
    }

    [Fact]
    public void PaperShapeInSinglePrecisionMatchesDoubleReference()
    {
        // 41000×200 by 200×200 (the stacked-channel forward product of the paper network), float32 vs float64.
        const int m = 41000, n = 200, k = 200;
        var a = Random(m * k, 4);
        var b = Random(n * k, 5);
        var cd = new double[m * n];
        CpuGemm<double>.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1, a, 0, k, b, 0, k, 0, cd, 0, n, 2);
        var af = a.Select(v => (float)v).ToArray();
        var bf = b.Select(v => (float)v).ToArray();
        var cf = new float[m * n];
        Array.Fill(cf, float.NaN); // beta = 0 must ignore NaN in C
        CpuGemm<float>.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1, af, 0, k, bf, 0, k, 0, cf, 0, n, 2);
        var rows = new[] { 0, 1, 7, 8, 12345, 40999 };
        foreach (int i in rows)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += a[(i * k) + p] * b[(j * k) + p];
                }

                NumericAssert.Absolute(s, cd[(i * n) + j], 1e-11);
                NumericAssert.Absolute(s, cf[(i * n) + j], 2e-4);
            }
        }
    }
}
