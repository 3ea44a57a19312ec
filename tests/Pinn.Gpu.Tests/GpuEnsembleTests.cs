using Pinn.Core.Benchmarking;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Problems;

namespace Pinn.Gpu.Tests;

/// <summary>Members batched in one launch per layer on ILGPU's CPU accelerator, against the CPU backend member by member.</summary>
public class GpuEnsembleTests
{
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

    [Fact]
    public void PackingOnTheDeviceMatchesTheLoopOnTheCpu()
    {
        var shape = new ResidualNetworkShape(2, 5, 3);
        const int members = 4;
        int total = members * shape.ParameterCount;
        var values = Enumerable.Range(0, total).Select(i => (double)i).ToArray();
        using var device = GpuTestDevice.Open();
        using var backend = new IlgpuBackend(device);
        IComputeBackend<float> gpu = backend;
        IComputeBackend<double> cpu = new CpuBackend<double>(1);
        var expected = new double[total];
        var source = cpu.Allocate(total);
        var packed = cpu.Allocate(total);
        cpu.Upload(values, source.All);
        cpu.PackMembers(shape, members, source.All, packed.All);
        cpu.Download(packed.All, expected);
        var gpuSource = gpu.Allocate(total);
        var gpuPacked = gpu.Allocate(total);
        gpu.Upload(values, gpuSource.All);
        gpu.PackMembers(shape, members, gpuSource.All, gpuPacked.All);
        var actual = new double[total];
        gpu.Download(gpuPacked.All, actual);
        Assert.Equal(expected, actual);
        gpu.Fill(gpuSource.All, -1);
        gpu.UnpackMembers(shape, members, gpuPacked.All, gpuSource.All);
        gpu.Download(gpuSource.All, actual);
        Assert.Equal(values, actual);
    }

    [Theory]
    [InlineData(Activation.Sigmoid, false, 0)]
    [InlineData(Activation.Tanh, true, 17)]
    public void TheEnsembleLossOnTheDeviceGivesEveryMemberTheCpuLossAndGradient(Activation activation, bool residualOnBoundary, int chunk)
    {
        const int members = 3;
        var shape = new ResidualNetworkShape(2, 6, 2, activation);
        var options = new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-3, ResidualOnBoundary: residualOnBoundary);
        var form = ProblemCatalog.Sin2(2, 10).ToResidualForm();
        var cpu = new CpuBackend<double>(1);
        var reference = new PinnLoss<double>(cpu, form, shape, 24, 6, options);
        reference.Resample(new Xoshiro256(8));
        using var device = GpuTestDevice.Open();
        using var backend = new IlgpuBackend(device);
        var ensemble = new EnsembleLoss<float>(backend, form, shape, members, 24, 6, options, chunk);
        ensemble.SetPoints(reference.HostPoints);
        int p = shape.ParameterCount;
        var hosts = new double[members * p];
        for (int m = 0; m < members; m++)
        {
            NetworkInitializer.Initialize(shape, Xoshiro256.ForStream(6, (ulong)m), hosts.AsSpan(m * p, p));
        }

        // The reference runs in float64 on the float32-rounded parameters.
        var rounded = hosts.Select(v => (double)(float)v).ToArray();
        var thetas = backend.Allocate(members * p);
        backend.Upload(hosts, thetas.All);
        var gradients = backend.Allocate(members * p);
        var parts = new LossBreakdown[members];
        ensemble.Evaluate(thetas.All, gradients.All, parts);
        var actual = new double[members * p];
        backend.Download(gradients.All, actual);
        var theta = cpu.Allocate(p);
        var gradient = cpu.Allocate(p);
        var expected = new double[p];
        for (int m = 0; m < members; m++)
        {
            cpu.Upload(rounded.AsSpan(m * p, p), theta.All);
            var e = reference.Evaluate(theta.All, gradient.All);
            cpu.Download(gradient.All, expected);
            NumericAssert.Relative(e.Total, parts[m].Total, 2e-5, what: $"member {m} loss");
            NumericAssert.Relative(e.Boundary, parts[m].Boundary, 2e-5, what: $"member {m} boundary part");
            NumericAssert.Relative(e.MaxAbsResidual, parts[m].MaxAbsResidual, 2e-5, what: $"member {m} max |R|");
            NumericAssert.NormRelative(expected, actual.AsSpan(m * p, p), 1e-4, $"member {m} gradient");
        }
    }

    [Fact]
    public void TheDeviceBenchmarkTimesBatchedStepsAndTheDevicesOwnGemm()
    {
        using var device = GpuTestDevice.Open();
        using var backend = new IlgpuBackend(device);
        var scale = new BenchmarkScale("tiny", 6, 1, 20, 5);
        var r = EngineBenchmark.RunOn(backend, ProblemCatalog.Sin2(2, 20).ToResidualForm(), scale, ensemble: 3, warmup: 0, steps: 2, ceilingRows: 8);
        Assert.Equal(3, r.Ensemble);
        Assert.Equal(new ResidualNetworkShape(2, 6, 1).ParameterCount, r.Parameters);
        Assert.Equal(backend.Name, r.Isa);
        Assert.InRange(r.MinMs, 1e-3, r.MedianMs);
        Assert.Equal(3.0 * 2 * (25 + (3 * 20)) * 6 * 6 * 3, r.GemmFlopsPerStep); // forward, dW and dY products of K = 3 members
        Assert.True(r.GemmCeilingGflops > 0);
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
