using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Gpu.Tests;

/// <summary>The ILGPU GEMM on ILGPU's CPU accelerator against our CPU GEMM in float64 (the reference).</summary>
public class GpuGemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 7, 3)]
    [InlineData(16, 16, 16)]
    [InlineData(17, 33, 40)]
    [InlineData(70, 24, 65)]
    public void MatchesTheCpuGemmForEveryTransposition(int m, int n, int k)
    {
        using var device = GpuTestDevice.Open();
        Assert.Equal(GpuTestDevice.Kind, device.Kind);
        Assert.StartsWith(GpuTestDevice.Kind == GpuDeviceKind.Cuda ? "cuda" : "ilgpu-cpu", device.Name, StringComparison.Ordinal);
        using var gemm = new GpuGemm(device);
        if (GpuTestDevice.Kind == GpuDeviceKind.IlgpuCpu)
        {
            Assert.False(gemm.UsesCuBlas); // cuBLAS only on CUDA (where libcublas loads); this test then checks it
        }
        var random = new Random(7);
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
            {
                int lda = ta == Transpose.No ? k + 1 : m + 2, ldb = tb == Transpose.No ? n + 3 : k, ldc = n + 1;
                var a = Enumerable.Range(0, (ta == Transpose.No ? m : k) * lda).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
                var b = Enumerable.Range(0, (tb == Transpose.No ? k : n) * ldb).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
                var c = Enumerable.Range(0, m * ldc).Select(_ => (float)random.NextDouble()).ToArray();
                foreach (float beta in new[] { 0f, 0.5f })
                {
                    var expected = c.Select(v => (double)v).ToArray();
                    CpuGemm<double>.Multiply(ta, tb, m, n, k, -1.5, a.Select(v => (double)v).ToArray(), 0, lda, b.Select(v => (double)v).ToArray(), 0, ldb, beta, expected, 0, ldc, 1);
                    using var da = device.Accelerator.Allocate1D(a);
                    using var db = device.Accelerator.Allocate1D(b);
                    var start = beta == 0 ? c.Select(_ => float.NaN).ToArray() : c; // β = 0 must not read C
                    using var dc = device.Accelerator.Allocate1D(start);
                    gemm.Multiply(ta, tb, m, n, k, -1.5f, da.View, lda, db.View, ldb, beta, dc.View, ldc);
                    var actual = dc.GetAsArray1D();
                    for (int i = 0; i < m; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            NumericAssert.Absolute(expected[(i * ldc) + j], actual[(i * ldc) + j], 1e-5 * Math.Sqrt(k) * 4, $"C[{i},{j}] {ta}{tb} β={beta}");
                        }

                        Assert.Equal(start[(i * ldc) + n], actual[(i * ldc) + n]); // the padding column is untouched
                    }
                }
            }
        }
    }

    [Fact]
    public void AnAbsentCudaDeviceIsOneLineThatSaysWhatToUseInstead()
    {
        // This machine has no NVIDIA GPU (CI never does); where one exists the device opens and names itself.
        try
        {
            using var device = GpuDevice.Open(GpuDeviceKind.Cuda);
            Assert.StartsWith("cuda", device.Name, StringComparison.Ordinal);
        }
        catch (GpuUnavailableException e)
        {
            Assert.StartsWith("no CUDA device:", e.Message, StringComparison.Ordinal);
            Assert.Contains("--device cpu", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1, 9, 11, 0, 5)]
    [InlineData(3, 6, 4, 14, 2)]
    [InlineData(4, 1, 1, 9, 0)]
    public void BatchedProductsEqualTheProductsOneByOne(int count, int m, int n, int k, int pad)
    {
        // A's are side by side in the columns of one matrix (stride = their width), B's one after another, C's shared
        // rows: the shapes the ensemble network uses.
        using var device = GpuTestDevice.Open();
        using IDisposable owner = new IlgpuBackend(device);
        IComputeBackend<float> gpu = (IlgpuBackend)owner;
        IComputeBackend<double> cpu = new CpuBackend<double>(1);
        var random = new Random(3);
        foreach (var ta in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (var tb in new[] { Transpose.No, Transpose.Yes })
            {
                int aRows = ta == Transpose.No ? m : k, aCols = ta == Transpose.No ? k : m;
                int bRows = tb == Transpose.No ? k : n, bCols = tb == Transpose.No ? n : k;
                int lda = (count * aCols) + pad, ldb = bCols, ldc = (count * n) + pad;
                var a = Values(random, Math.Max(1, aRows * lda));
                var b = Values(random, Math.Max(1, count * bRows * ldb));
                var c = Values(random, m * ldc);
                foreach (double beta in new[] { 0.0, 1.0 })
                {
                    var expected = Run(cpu, count, ta, tb, m, n, k, beta, a, lda, aCols, b, ldb, bRows * ldb, c, ldc, n);
                    var actual = Run(gpu, count, ta, tb, m, n, k, beta, a, lda, aCols, b, ldb, bRows * ldb, c, ldc, n);
                    NumericAssert.NormRelative(expected, actual, 1e-6, $"{count} products {ta}{tb} β = {beta}");
                }
            }
        }
    }

    private static double[] Values(Random random, int length) => Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2) - 1).ToArray();

    private static double[] Run<T>(IComputeBackend<T> backend, int count, Transpose ta, Transpose tb, int m, int n, int k, double beta, double[] a, int lda, int strideA, double[] b, int ldb, int strideB, double[] c, int ldc, int strideC)
        where T : unmanaged
    {
        var da = backend.Allocate(a.Length);
        var db = backend.Allocate(b.Length);
        var dc = backend.Allocate(c.Length);
        backend.Upload(a.Select(v => (double)(float)v).ToArray(), da.All);
        backend.Upload(b.Select(v => (double)(float)v).ToArray(), db.All);
        backend.Upload(c.Select(v => (double)(float)v).ToArray(), dc.All);
        backend.GemmBatched(count, ta, tb, m, n, k, -1.5, da.All, lda, strideA, db.All, ldb, strideB, beta, dc.All, ldc, strideC);
        var result = new double[c.Length];
        backend.Download(dc.All, result);
        return result;
    }
}
