using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Gpu.Tests;

/// <summary>
/// The ILGPU backend as the trainer uses it (CPU accelerator, or CUDA with PINN_TEST_DEVICE=cuda): whole training runs,
/// members batched on the device, against the CPU backend (the device benchmark: Pinn.Runs.Tests).
/// </summary>
public class IlgpuBackendTests
{
    private static RunOptions Options(IOptimizerOptions optimizer, long steps, Activation activation, int members = 2) => new(
        new NetworkOptions(8, 2, activation),
        new PointOptions(60, 12, 4, 30),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-4),
        optimizer,
        new TrainingOptions(Steps: steps, EvaluateEvery: steps, CheckpointEvery: 1000, Seed: 9, Threads: 1),
        new EnsembleOptions(members));

    [Theory]
    [InlineData("bbi", Activation.Sigmoid, 3)]
    [InlineData("adam", Activation.Tanh, 2)]
    public void ATrainingRunOnTheGpuBackendFollowsTheCpuRun(string kind, Activation activation, int members)
    {
        // BBI with a bounce every 3 steps (the bounce directions are drawn on the host: the same on both), or Adam;
        // 8 steps, points resampled every 4: float32 on both, different summation orders. On the device the members
        // are batched (one launch per layer for all of them); on the CPU they run one after another.
        IOptimizerOptions optimizer = kind == "bbi" ? new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 3, ProgressBounceThreshold: 50, FixedBounceCount: 2) : new AdamOptions(1e-2);
        var p = ProblemCatalog.Sin2(2, 3);
        var problem = new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
        using var device = GpuTestDevice.Open();
        using var backend = new IlgpuBackend(device);
        if (GpuTestDevice.Kind == GpuDeviceKind.IlgpuCpu)
        {
            Assert.StartsWith("ilgpu-cpu", backend.Name, StringComparison.Ordinal);
            Assert.EndsWith("f32, tiled GEMM", backend.Name, StringComparison.Ordinal);
        }
        var gpu = new Trainer<float>(problem, Options(optimizer, 8, activation, members), backend);
        var cpu = new Trainer<float>(problem, Options(optimizer, 8, activation, members));
        Assert.True(gpu.BatchesMembers);
        Assert.False(cpu.BatchesMembers);
        var before = gpu.Evaluate();
        var reference = cpu.Evaluate();
        for (int m = 0; m < members; m++)
        {
            NumericAssert.Relative(reference[m].Loss, before[m].Loss, 1e-5, what: $"initial loss of member {m}");
        }

        gpu.Run(null, null, CancellationToken.None);
        cpu.Run(null, null, CancellationToken.None);
        for (int m = 0; m < members; m++)
        {
            Assert.Equal(cpu.Members[m].Bounces, gpu.Members[m].Bounces);
            Assert.Equal(MemberState.Completed, gpu.Members[m].State);
            NumericAssert.NormRelative(cpu.Parameters(m), gpu.Parameters(m), 1e-4, $"θ of member {m} after 8 steps");
            NumericAssert.Relative(cpu.Members[m].LastLoss, gpu.Members[m].LastLoss, 1e-3, what: $"last loss of member {m}");
        }
    }

    [Fact]
    public void ATrainerThatOwnsItsBackendFreesItsDeviceMemoryWhenDisposedAndLeavesTheSharedKernelsUsable()
    {
        // Before: one backend per process held every buffer of every run until exit (a discovery's rounds piled up).
        var p = ProblemCatalog.Sin2(2, 3);
        var problem = new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
        using var device = GpuTestDevice.Open();
        using var kernels = new GpuKernels(device);
        var first = new IlgpuBackend(kernels);
        var trainer = new Trainer<float>(problem, Options(new AdamOptions(1e-2), 2, Activation.Tanh), first, ownsBackend: true);
        trainer.Run(null, null, CancellationToken.None);
        Assert.True(first.LiveAllocations >= 4, $"{first.LiveAllocations} allocations while training");
        trainer.Dispose();
        Assert.Equal(0, first.LiveAllocations);

        using var second = new IlgpuBackend(kernels); // the kernels were not disposed with the first backend
        var again = new Trainer<float>(problem, Options(new AdamOptions(1e-2), 2, Activation.Tanh), second);
        again.Run(null, null, CancellationToken.None);
        Assert.All(again.Members, m => Assert.Equal(StopCause.Completed, m.Cause));
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
}
