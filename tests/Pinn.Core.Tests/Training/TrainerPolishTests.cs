using Pinn.Core.Loss;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training;

/// <summary>The Gauss–Newton polishing phase inside a run: error reduction, metrics, checkpoints across the switch.</summary>
public class TrainerPolishTests
{
    private static TrainingProblem Problem()
    {
        var p = ProblemCatalog.Sin2(2, 1);
        return new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
    }

    private static RunOptions Options(long steps, long polish, int members = 2) => new(
        new NetworkOptions(16, 2),
        new PointOptions(256, 48, 0, 400),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 0),
        new AdamOptions(LearningRate: 3e-3),
        new TrainingOptions(Steps: steps, EvaluateEvery: 100, CheckpointEvery: 1000, Seed: 9, Threads: 2),
        new EnsembleOptions(members),
        new GaussNewtonOptions(Iterations: polish, InteriorPoints: 448, BoundaryPoints: 64, ResampleEvery: 10));

    [Fact]
    public void PolishingCutsTheErrorOfEveryMemberTenfold()
    {
        var recorder = new Recorder();
        var trainer = new Trainer<float>(Problem(), Options(300, 40));
        trainer.Run(recorder, null, CancellationToken.None);
        Assert.True(trainer.Step is > 300 and <= 340, $"step {trainer.Step}");
        for (int m = 0; m < 2; m++)
        {
            var before = recorder.Records.Single(r => r.Step == 300 && r.Member == m).RelativeErrors["analytic"];
            var after = recorder.Records.Last(r => r.Member == m).RelativeErrors["analytic"];
            Assert.True(after * 10 <= before, $"member {m}: relative L2 error {before:E3} before polishing, {after:E3} after");
            Assert.Equal("completed", trainer.Members[m].StopReason);
        }

        // Every polishing iteration reports its damping and step; first-order rows do not.
        var polishRows = recorder.Records.Where(r => r.Step > 300).ToList();
        Assert.All(polishRows, r => Assert.True(r.Damping > 0 && r.StepNorm >= 0));
        Assert.All(recorder.Records.Where(r => r.Step <= 300), r => Assert.True(double.IsNaN(r.Damping)));
        Assert.Equal(340, recorder.LastTotal);
    }

    [Theory]
    [InlineData(120)] // interrupted in the first-order phase
    [InlineData(200)] // exactly at the switch
    [InlineData(204)] // inside the polishing phase
    public void ResumeIsBitForBitAcrossThePhaseSwitch(long stopAt)
    {
        var full = new Trainer<float>(Problem(), Options(200, 8));
        full.Run(null, null, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"pinn-polish-{Guid.NewGuid():N}.bin");
        try
        {
            using var cancel = new CancellationTokenSource();
            var first = new Trainer<float>(Problem(), Options(200, 8));
            first.Run(new Recorder(stopAt, cancel), null, cancel.Token);
            Assert.Equal(stopAt, first.Step);
            first.Save(path);
            var resumed = new Trainer<float>(Problem(), Options(200, 8));
            resumed.Load(path);
            resumed.Run(null, null, CancellationToken.None);
            Assert.Equal(full.Step, resumed.Step);
            for (int m = 0; m < 2; m++)
            {
                Assert.Equal(full.Parameters(m), resumed.Parameters(m));
                Assert.Equal(full.Members[m].LastLoss, resumed.Members[m].LastLoss);
            }

            // A checkpoint of a run without the phase does not load into one with it.
            var plain = new Trainer<float>(Problem(), Options(200, 8) with { Polish = null });
            Assert.Throws<InvalidDataException>(() => plain.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FirstOrderStepsCannotFollowThePolishingPhase()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pinn-polish-{Guid.NewGuid():N}.bin");
        try
        {
            var done = new Trainer<float>(Problem(), Options(50, 3));
            done.Run(null, null, CancellationToken.None);
            done.Save(path);
            var extended = new Trainer<float>(Problem(), Options(80, 3));
            extended.Load(path);
            var e = Assert.Throws<InvalidOperationException>(() => extended.Run(null, null, CancellationToken.None));
            Assert.Contains("polishing phase", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WarmStartContinuesFromGivenParameters()
    {
        // A polished member handed to a fresh run starts from its parameters (as the run's float32 holds them);
        // malformed parameters and a warm start after the first step are refused.
        var done = new Trainer<float>(Problem(), Options(100, 10, members: 1));
        done.Run(null, null, CancellationToken.None);
        var warm = new Trainer<float>(Problem(), Options(1, 10, members: 1));
        warm.WarmStart(0, done.Parameters(0));
        Assert.Equal(done.Parameters(0).Select(x => (double)(float)x), warm.Parameters(0));
        Assert.Throws<ArgumentException>(() => warm.WarmStart(0, new double[3]));
        Assert.Throws<ArgumentException>(() => warm.WarmStart(0, Enumerable.Repeat(double.NaN, done.Shape.ParameterCount).ToArray()));
        warm.Run(null, null, CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => warm.WarmStart(0, done.Parameters(0)));
    }

    private sealed class Recorder(long stopAt = long.MaxValue, CancellationTokenSource? cancel = null) : ITrainingObserver
    {
        public List<MetricsRecord> Records { get; } = [];

        public long LastTotal { get; private set; }

        public void OnStep(long step, long totalSteps, IReadOnlyList<MemberStatus> members)
        {
            LastTotal = totalSteps;
            if (step >= stopAt)
            {
                cancel?.Cancel();
            }
        }

        public void OnMetrics(IReadOnlyList<MetricsRecord> records) => Records.AddRange(records);

        public void OnBounce(long step, int member)
        {
        }
    }
}
