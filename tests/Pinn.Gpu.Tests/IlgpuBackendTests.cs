using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Gpu.Tests;

/// <summary>Whole training runs on the ILGPU backend (CPU accelerator) against the same runs on the CPU backend.</summary>
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
}
