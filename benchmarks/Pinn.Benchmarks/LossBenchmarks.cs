using BenchmarkDotNet.Attributes;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Problems;

namespace Pinn.Benchmarks;

/// <summary>
/// One training step (loss + exact gradient) at medium scale: the general TensorPrimitives Taylor kernels as the
/// baseline against the fused single-pass sigmoid kernels.
/// </summary>
public class LossBenchmarks
{
    private PinnLoss<float> loss = null!;
    private PinnLoss<float> generalLoss = null!;
    private DeviceBuffer<float> theta = null!;
    private DeviceBuffer<float> gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var backend = new CpuBackend<float>();
        var shape = new ResidualNetworkShape(2, 64, 3);
        var form = ProblemCatalog.Sin2(2, 20).ToResidualForm();
        loss = new PinnLoss<float>(backend, form, shape, 2048, 256, new LossOptions());
        loss.Resample(new Xoshiro256(1));
        generalLoss = new PinnLoss<float>(new CpuBackend<float>(0, new CpuKernelOptions(FusedSigmoid: false)), form, shape, 2048, 256, new LossOptions());
        generalLoss.Resample(new Xoshiro256(1));
        var host = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(2), host);
        theta = backend.Allocate(host.Length);
        backend.Upload(host, theta.All);
        gradient = backend.Allocate(host.Length);
    }

    [Benchmark(Baseline = true)]
    public double GeneralKernels() => generalLoss.Evaluate(theta.All, gradient.All).Total;

    [Benchmark]
    public double FusedKernels() => loss.Evaluate(theta.All, gradient.All).Total;
}
