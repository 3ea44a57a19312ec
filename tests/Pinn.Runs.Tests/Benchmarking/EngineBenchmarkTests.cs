using Pinn.Core.Networks;
using Pinn.Gpu;
using Pinn.Problems;
using Pinn.Runs.Benchmarking;

namespace Pinn.Runs.Tests.Benchmarking;

/// <summary>The engine benchmark on a device (ILGPU's CPU accelerator here): batched steps and the device's own GEMM.</summary>
public class EngineBenchmarkTests
{
    [Fact]
    public void TheDeviceBenchmarkTimesBatchedStepsAndTheDevicesOwnGemm()
    {
        using var device = GpuDevice.Open(GpuDeviceKind.IlgpuCpu);
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
}
