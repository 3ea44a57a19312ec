using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training;

public class TrainerTests
{
    private static RunOptions Options(long steps, int members = 2, IOptimizerOptions? optimizer = null, long resample = 7, bool same = true, int threads = 1) => new(
        new NetworkOptions(12, 2),
        new PointOptions(200, 40, resample, 100),
        new LossOptions(BoundaryWeight: 10),
        optimizer ?? new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 5, ProgressBounceThreshold: 50, FixedBounceCount: 3),
        new TrainingOptions(Steps: steps, EvaluateEvery: 10, CheckpointEvery: 1000, Seed: 5, Threads: threads),
        new EnsembleOptions(members, same));

    private static TrainingProblem Problem()
    {
        var p = ProblemCatalog.Sin2(2, 3);
        return new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
    }

    [Fact]
    public void TheTrainerComputesOnTheBackendItIsGiven()
    {
        // Width 16 takes the fused sigmoid kernels by default; the injected backend uses the general ones and times
        // its phases. Same losses to float32 round-off, phases recorded only by the injected profiler.
        var options = Options(20, members: 1) with { Network = new NetworkOptions(16, 2) };
        var plain = new Trainer<float>(Problem(), options);
        plain.Run(null, null, CancellationToken.None);
        var profiler = new Pinn.Core.Compute.PhaseProfiler();
        var backend = new Pinn.Core.Compute.Cpu.CpuBackend<float>(1, new Pinn.Core.Compute.Cpu.CpuKernelOptions(FusedSigmoid: false), profiler);
        var injected = new Trainer<float>(Problem(), options, backend);
        injected.Run(null, null, CancellationToken.None);
        Assert.Equal(backend.Name, injected.BackendName);
        NumericAssert.Relative(plain.Members[0].LastLoss, injected.Members[0].LastLoss, 1e-3, what: "loss after 20 BBI steps");
        var phases = profiler.Drain();
        Assert.Contains("forward GEMM", phases.Keys);
        Assert.Contains("loss kernel", phases.Keys);
        Assert.Equal(MemberState.Completed, injected.Members[0].State);
    }

    [Fact]
    public void EveryFlippedBitAndAnotherRunsCheckpointIsRefused()
    {
        var run = new Trainer<float>(Problem(), Options(12));
        run.Run(null, null, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"pinn-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            run.Save(path);
            var good = File.ReadAllBytes(path);
            var random = new Xoshiro256(12);
            for (int i = 0; i < 30; i++)
            {
                var bad = (byte[])good.Clone();
                int bit = (int)(random.NextUInt64() % (ulong)(bad.Length * 8));
                bad[bit / 8] ^= (byte)(1 << (bit % 8));
                File.WriteAllBytes(path, bad);
                Assert.Throws<InvalidDataException>(() => new Trainer<float>(Problem(), Options(12)).Load(path));
            }

            // A checkpoint of a seed-99 run does not resume a seed-5 run, nor one with other settings.
            var other = new Trainer<float>(Problem(), Options(12) with { Training = Options(12).Training with { Seed = 99 } });
            other.Save(path);
            Assert.Contains("seed 99", Assert.Throws<InvalidDataException>(() => new Trainer<float>(Problem(), Options(12)).Load(path)).Message);
            File.WriteAllBytes(path, good);
            var wider = Options(12) with { Loss = new LossOptions(BoundaryWeight: 11) };
            Assert.Contains("settings differ", Assert.Throws<InvalidDataException>(() => new Trainer<float>(Problem(), wider).Load(path)).Message);

            // More steps (an extended run) is the same run.
            var extended = new Trainer<float>(Problem(), Options(40));
            extended.Load(path);
            Assert.Equal(12, extended.Step);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ResumedRunEqualsUninterruptedRunBitForBit()
    {
        var full = new Trainer<float>(Problem(), Options(40));
        full.Run(null, null, CancellationToken.None);

        string path = Path.Combine(Path.GetTempPath(), $"pinn-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            using var cancel = new CancellationTokenSource();
            var first = new Trainer<float>(Problem(), Options(40));
            first.Run(new StopAt(17, cancel), null, cancel.Token);
            Assert.Equal(17, first.Step);
            first.Save(path);

            var resumed = new Trainer<float>(Problem(), Options(40));
            resumed.Load(path);
            Assert.Equal(17, resumed.Step);
            resumed.Run(null, null, CancellationToken.None);
            for (int m = 0; m < 2; m++)
            {
                Assert.Equal(full.Parameters(m), resumed.Parameters(m));
                Assert.Equal(full.Members[m].Bounces, resumed.Members[m].Bounces);
            }

            Assert.True(full.Members[0].Bounces >= 3, "the schedule should have bounced");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MembersDifferOnlyByTheirBouncesAndMatchASingleRun()
    {
        // Same initial network; different bounce streams ⇒ identical until the first bounce, different after.
        var ensemble = new Trainer<double>(Problem(), Options(4, members: 3));
        ensemble.Run(null, null, CancellationToken.None);
        Assert.Equal(ensemble.Parameters(0), ensemble.Parameters(1));
        var longer = new Trainer<double>(Problem(), Options(30, members: 3));
        longer.Run(null, null, CancellationToken.None);
        Assert.NotEqual(longer.Parameters(0), longer.Parameters(1));

        // Member k of an ensemble equals the same network trained alone (member 0's streams are the same).
        var alone = new Trainer<double>(Problem(), Options(30, members: 1));
        alone.Run(null, null, CancellationToken.None);
        Assert.Equal(alone.Parameters(0), longer.Parameters(0));
    }

    [Fact]
    public void MembersSideBySideAreReproducibleResumableAndAgreeWithOneAfterAnother()
    {
        // With 2 threads the 4 members run on 2 single-threaded lanes (0, 2 on one; 1, 3 on the other).
        Assert.Equal(2, new Pinn.Core.Compute.Cpu.CpuBackend<double>(2).Lanes(4));
        Assert.Equal(2, new Pinn.Core.Compute.Cpu.CpuBackend<double>(2).Lanes(2));
        Assert.Equal(1, new Pinn.Core.Compute.Cpu.CpuBackend<double>(2).Lanes(1));
        Assert.Equal(1, new Pinn.Core.Compute.Cpu.CpuBackend<double>(1).Lanes(4));
        var sideBySide = new Trainer<double>(Problem(), Options(30, members: 4, threads: 2));
        sideBySide.Run(null, null, CancellationToken.None);
        var again = new Trainer<double>(Problem(), Options(30, members: 4, threads: 2));
        again.Run(null, null, CancellationToken.None);
        var sequential = new Trainer<double>(Problem(), Options(30, members: 4, threads: 1));
        sequential.Run(null, null, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"pinn-lanes-{Guid.NewGuid():N}.bin");
        try
        {
            using var cancel = new CancellationTokenSource();
            var first = new Trainer<double>(Problem(), Options(30, members: 4, threads: 2));
            first.Run(new StopAt(11, cancel), null, cancel.Token);
            first.Save(path);
            var resumed = new Trainer<double>(Problem(), Options(30, members: 4, threads: 2));
            resumed.Load(path);
            resumed.Run(null, null, CancellationToken.None);
            for (int m = 0; m < 4; m++)
            {
                Assert.Equal(sideBySide.Parameters(m), again.Parameters(m));
                Assert.Equal(sideBySide.Parameters(m), resumed.Parameters(m));
                Assert.Equal(sideBySide.Members[m].Bounces, sequential.Members[m].Bounces);
                // float64, 30 steps: the lanes' single-threaded sums differ from the split ones only in rounding.
                NumericAssert.NormRelative(sequential.Parameters(m), sideBySide.Parameters(m), 1e-9, $"member {m}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DivergingMemberStopsWithReasonAndOthersGoOn()
    {
        var trainer = new Trainer<float>(Problem(), Options(20, members: 2, optimizer: new SabotageOptions()));
        trainer.Run(null, null, CancellationToken.None);
        Assert.Equal(MemberState.Stopped, trainer.Members[0].State);
        Assert.Equal(MemberState.Completed, trainer.Members[1].State);
        Assert.Equal((StopCause.LossNotFinite, StopCause.Completed), (trainer.Members[0].Cause, trainer.Members[1].Cause));
        Assert.EndsWith("at step 2", trainer.Members[0].StopReason, StringComparison.Ordinal); // the detail names the step
        Assert.Equal(20, trainer.Step);
        Assert.True(double.IsFinite(trainer.Members[1].LastLoss));
    }

    [Fact]
    public void BbiWhoseEnergyShiftIsAboveTheLossStopsWithTheReasonInsteadOfCompleting()
    {
        // Before: the loss stayed fixed for every step, 0 bounces, and the member was reported "completed".
        var trainer = new Trainer<float>(Problem(), Options(30, members: 2, optimizer: new BbiOptions(TimeStep: 1e-2, EnergyShift: 1e9)));
        trainer.Run(null, null, CancellationToken.None);
        Assert.All(trainer.Members, m =>
        {
            Assert.Equal((MemberState.Stopped, StopCause.CannotStart), (m.State, m.Cause));
            Assert.StartsWith("BBI cannot move: at step 1 the loss ", m.StopReason, StringComparison.Ordinal);
            Assert.Contains("set the energy shift below the initial loss", m.StopReason, StringComparison.Ordinal);
            Assert.True(double.IsFinite(m.LastLoss) && m.LastLoss > 0, $"last loss {m.LastLoss}");
        });

        Assert.Equal(1, trainer.Step); // nothing left to train: the loop ends after the first step
        var moving = new Trainer<float>(Problem(), Options(30, members: 1, optimizer: new BbiOptions(TimeStep: 1e-2, EnergyShift: -1)));
        moving.Run(null, null, CancellationToken.None);
        Assert.Equal(MemberState.Completed, moving.Members[0].State);
    }

    [Fact]
    public void MetricsReportRelativeErrorAgainstKnownSolutions()
    {
        var trainer = new Trainer<double>(Problem(), Options(1, members: 1));
        var records = trainer.Evaluate();
        var r = Assert.Single(records);
        Assert.True(r.RelativeErrors["analytic"] > 0.1);
        Assert.True(r.Loss > 0 && r.MaxAbsResidual >= r.MeanAbsResidual);
    }

    [Fact]
    public void CorruptCheckpointIsRejectedClearly()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pinn-bad-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => new Trainer<float>(Problem(), Options(5)).Load(path));
            Assert.Contains("not a usable checkpoint", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class StopAt(long step, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnStep(long s, long totalSteps, IReadOnlyList<MemberStatus> members)
        {
            if (s >= step)
            {
                cancel.Cancel();
            }
        }

        public void OnMetrics(IReadOnlyList<MetricsRecord> records)
        {
        }

        public void OnBounce(long s, int member)
        {
        }
    }

    /// <summary>Member 0's optimizer writes NaN into θ on its first step; the others are plain GDM.</summary>
    private sealed class SabotageOptions : IOptimizerOptions
    {
        private int created;

        public string Kind => "gdm";

        public IOptimizer<T> Create<T>(IComputeBackend<T> backend, IReadOnlyList<ParameterBlock> blocks, IRandomSource random)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var inner = new GradientDescentMomentumOptions(1e-3).Create(backend, blocks, random);
            return created++ == 0 ? new Sabotage<T>(backend, inner) : inner;
        }
    }

    private sealed class Sabotage<T>(IComputeBackend<T> backend, IOptimizer<T> inner) : IOptimizer<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public string Kind => inner.Kind;

        public StepOutcome Step(double loss, BufferView<T> theta, BufferView<T> gradient)
        {
            backend.Fill(theta, double.NaN);
            return StepOutcome.Moved;
        }

        public OptimizerState SaveState() => inner.SaveState();

        public void RestoreState(OptimizerState state) => inner.RestoreState(state);
    }
}

public class TrainerMetricsTests
{
    [Fact]
    public void ErrorAgainstTheZeroSolutionIsTheRmsError()
    {
        var p = ProblemCatalog.ZeroData(2);
        var options = new RunOptions(new NetworkOptions(8, 1), new PointOptions(50, 10, 0, 40), new LossOptions(), new GradientDescentMomentumOptions(1e-3), new TrainingOptions(Steps: 1, Threads: 1), new EnsembleOptions());
        var trainer = new Trainer<double>(new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions), options);
        double error = trainer.Evaluate()[0].RelativeErrors["trivial"];
        Assert.True(double.IsFinite(error) && error > 0 && error < 10, $"error {error}");
    }
}
