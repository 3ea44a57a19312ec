using Pinn.Core.Configuration;
using Pinn.Core.Geometry;
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

    // Independent polishing points, as these thresholds were set with: one realization of the points moves a short
    // polish a lot (the continuation test's k = 1.5 member, seed 9: 1.5e-3 on these points, 6.0e-2 on Halton points;
    // seeds 1 – 4 gave 6.8e-4 – 1.2e-3 on Halton and 8.1e-4 – 5.4e-3 on independent points).
    private static RunOptions Options(long steps, long polish, int members = 2) => new(
        new NetworkOptions(16, 2),
        new PointOptions(256, 48, 0, 400),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 0),
        new AdamOptions(LearningRate: 3e-3),
        new TrainingOptions(Steps: steps, EvaluateEvery: 100, CheckpointEvery: 1000, Seed: 9, Threads: 2),
        new EnsembleOptions(members),
        new GaussNewtonOptions(Iterations: polish, InteriorPoints: 448, BoundaryPoints: 64, ResampleEvery: 10, Sampling: PointSampling.Random));

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
            Assert.Equal(StopCause.Completed, trainer.Members[m].Cause);
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

    [Fact]
    public void MembersPolishedSideBySideMatchMembersPolishedOneAfterAnother()
    {
        // With two threads and two members each member is polished on its own single-threaded lane; with one thread,
        // one after the other on the shared backend. Both warm-start from the same parameters; Adam's first step moves
        // every weight by ±lr whatever the rounding of the gradient, so the Gauss–Newton phases start alike and each
        // member's float64 polish is the same single-threaded computation in both runs.
        var done = new Trainer<float>(Problem(), Options(100, 1, members: 2));
        done.Run(null, null, CancellationToken.None);
        Trainer<float> Polished(int threads)
        {
            var o = Options(1, 6, members: 2);
            var trainer = new Trainer<float>(Problem(), o with { Training = o.Training with { Threads = threads } });
            trainer.WarmStart(0, done.Parameters(0));
            trainer.WarmStart(1, done.Parameters(1));
            trainer.Run(null, null, CancellationToken.None);
            return trainer;
        }

        var sideBySide = Polished(2);
        var oneAfterAnother = Polished(1);
        for (int m = 0; m < 2; m++)
        {
            NumericAssert.NormRelative(oneAfterAnother.Parameters(m), sideBySide.Parameters(m), 1e-6, $"member {m}'s parameters");
            NumericAssert.Relative(oneAfterAnother.Members[m].LastLoss, sideBySide.Members[m].LastLoss, 1e-5, what: $"member {m}'s loss");
        }
    }

    private static TrainingProblem Problem(double k)
    {
        var p = ProblemCatalog.Sin2(2, k);
        return new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
    }

    [Fact]
    public void ContinuationStagesSolveEachStagesProblemInTurn()
    {
        // Continuation k = 1 → 1.5: the first-order phase and stage 0 are exactly a run of the k = 1 problem
        // (same seed, bit for bit); stage 1 then polishes to the k = 1.5 problem, warm-started.
        var options = Options(300, 40) with { Continuation = new ContinuationOptions("k", [1]) };
        Assert.Equal(300 + (2 * 40), options.TotalSteps);
        var recorder = new Recorder();
        var continued = new Trainer<float>(Problem(1.5), options);
        continued.Run(recorder, null, CancellationToken.None);
        Assert.Equal(380, continued.Step);
        Assert.Equal(1, continued.Stage);

        var halfRecorder = new Recorder(stopAt: 340);
        var half = new Trainer<float>(Problem(1), Options(300, 40));
        half.Run(halfRecorder, null, CancellationToken.None);
        var atSwitch = recorder.Records.Where(r => r.Step == 340).OrderBy(r => r.Member).ToList();
        var plain = halfRecorder.Records.Where(r => r.Step == 340).OrderBy(r => r.Member).ToList();
        Assert.Equal(plain.Select(r => r.RelativeErrors["analytic"]), atSwitch.Select(r => r.RelativeErrors["analytic"]));

        for (int m = 0; m < 2; m++)
        {
            // Metrics are the current stage's: errors to k = 1's solution at the switch, to k = 1.5's at the end.
            double stage0 = atSwitch[m].RelativeErrors["analytic"];
            double final = recorder.Records.Last(r => r.Member == m).RelativeErrors["analytic"];
            Assert.True(stage0 < 5e-2, $"member {m}: stage 0 (k = 1) error {stage0:E3}");
            Assert.True(final < 1e-2, $"member {m}: final (k = 1.5) error {final:E3}");

            // Independently of the metrics: the final network is sin²(1.5 r²) (k = 1.5) on a radius.
            var points = Enumerable.Range(0, 50).Select(i => new[] { 0.9 * i / 50.0, 0.0 }).ToList();
            var u = continued.EvaluateMember(m, points);
            for (int i = 0; i < points.Count; i++)
            {
                double r2 = points[i][0] * points[i][0];
                NumericAssert.Absolute(Math.Pow(Math.Sin(1.5 * r2), 2), u[i], 5e-3, $"member {m} at r = {points[i][0]}");
            }
        }
    }

    [Theory]
    [InlineData(305)] // inside stage 0
    [InlineData(308)] // exactly at the stage switch
    [InlineData(311)] // inside stage 1
    public void ResumeIsBitForBitAcrossStageSwitches(long stopAt)
    {
        var options = Options(300, 8) with { Continuation = new ContinuationOptions("k", [0.5]) };
        var full = new Trainer<float>(Problem(1), options);
        full.Run(null, null, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"pinn-stage-{Guid.NewGuid():N}.bin");
        try
        {
            using var cancel = new CancellationTokenSource();
            var first = new Trainer<float>(Problem(1), options);
            first.Run(new Recorder(stopAt, cancel), null, cancel.Token);
            first.Save(path);
            var resumed = new Trainer<float>(Problem(1), options);
            resumed.Load(path);
            Assert.Equal(first.Stage, resumed.Stage);
            resumed.Run(null, null, CancellationToken.None);
            Assert.Equal(full.Step, resumed.Step);
            for (int m = 0; m < 2; m++)
            {
                Assert.Equal(full.Parameters(m), resumed.Parameters(m));
                Assert.Equal(full.Members[m].LastLoss, resumed.Members[m].LastLoss);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMemberThatFinishesAStageWaitsForTheNext()
    {
        // A tolerance of 1 finishes every member after its first accepted step: it then keeps its parameters (rows
        // repeat its loss) until the next stage starts on time with fresh polishers; steps and metrics go on as in
        // a run whose members are still polishing (so shards of an ensemble line up with the whole run).
        var options = Options(100, 10) with { Polish = new GaussNewtonOptions(Iterations: 10, InteriorPoints: 448, BoundaryPoints: 64, Tolerance: 1), Continuation = new ContinuationOptions("k", [0.5, 0.75]) };
        var recorder = new Recorder();
        var trainer = new Trainer<float>(Problem(1), options);
        trainer.Run(recorder, null, CancellationToken.None);
        Assert.Equal(130, trainer.Step);
        Assert.Equal(2, trainer.Stage);
        Assert.Equal(Enumerable.Range(101, 30).Select(i => (long)i), recorder.Records.Where(r => r.Step > 100).Select(r => r.Step).Distinct());
        for (int m = 0; m < 2; m++)
        {
            foreach (var (start, end) in new[] { (101, 110), (111, 120), (121, 130) })
            {
                var losses = recorder.Records.Where(r => r.Member == m && r.Step >= start && r.Step <= end).Select(r => r.TrainingLoss).ToList();
                Assert.True(losses.Count == 10 && losses.All(l => l == losses[0]), $"member {m}, steps {start}–{end}: {string.Join(", ", losses)}");
            }
        }
    }

    [Fact]
    public void StageIterationsShortenEveryStageButTheLast()
    {
        // 3 iterations at k = 0.5 and at k = 0.75, then the polishing phase's 10 at the problem's own k = 1.
        var options = Options(100, 10) with { Continuation = new ContinuationOptions("k", [0.5, 0.75], StageIterations: 3) };
        Assert.Equal(100 + 3 + 3 + 10, options.TotalSteps);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2], Enumerable.Range(0, 8).Select(i => options.PolishStageAt(i)));
        Assert.Equal(2, options.PolishStageAt(15));
        Assert.Equal([0L, 3, 6, 16], Enumerable.Range(-1, 4).Select(options.PolishStageEnd));
        var recorder = new Recorder();
        var trainer = new Trainer<float>(Problem(1), options);
        trainer.Run(recorder, null, CancellationToken.None);
        Assert.Equal(116, trainer.Step);
        Assert.Equal(2, trainer.Stage);

        // Without continuation the schedule is the polishing phase's own.
        var plain = Options(100, 10);
        Assert.Equal(110, plain.TotalSteps);
        Assert.Equal(0, plain.PolishStageAt(9));
        Assert.Equal(10, plain.PolishStageEnd(0));
    }

    [Fact]
    public void StageDampingMakesTheFirstStepsOfLaterStagesShort()
    {
        // Stage 0 polishes with the phase's own μ₀ (identical runs); from stage 1 on μ₀ = 100 × mean diag JJᵀ, so
        // the first step at k = 1 is far shorter and its damping far larger than with the default 1e-3.
        Func<double, RunOptions> options = damping => Options(100, 6) with { Continuation = new ContinuationOptions("k", [0.5], StageDamping: damping) };
        var plain = new Recorder();
        new Trainer<float>(Problem(1), options(0)).Run(plain, null, CancellationToken.None);
        var damped = new Recorder();
        new Trainer<float>(Problem(1), options(100)).Run(damped, null, CancellationToken.None);
        var stage0 = (Recorder r) => r.Records.Where(x => x.Step is > 100 and <= 106).Select(x => x.Loss).ToList();
        Assert.Equal(stage0(plain), stage0(damped));
        for (int m = 0; m < 2; m++)
        {
            var a = plain.Records.Single(x => x.Step == 107 && x.Member == m);
            var b = damped.Records.Single(x => x.Step == 107 && x.Member == m);
            Assert.True(b.Damping > 100 * a.Damping, $"member {m}: damping {b.Damping:E3} with StageDamping = 100, {a.Damping:E3} without");
            Assert.True(b.StepNorm < 0.1 * a.StepNorm, $"member {m}: first stage-1 step {b.StepNorm:E3} with StageDamping = 100, {a.StepNorm:E3} without");
        }
    }

    [Fact]
    public void ContinuationIsValidated()
    {
        var form = Problem(1).Form;
        Assert.Equal(3, new ContinuationOptions("k", [0.25, 0.5]).StageForms(form).Count);
        Assert.Equal(0.25, new ContinuationOptions("k", [0.25, 0.5]).StageForms(form)[0].Parameters["k"]);
        Assert.Equal(1, new ContinuationOptions("k", [0.25, 0.5]).StageForms(form)[2].Parameters["k"]);
        var e = Assert.Throws<ArgumentException>(() => new ContinuationOptions("q", [1]).StageForms(form));
        Assert.Contains("the problem has k", e.Message);
        Assert.Equal("Values", Assert.Throws<OptionsValidationException>(() => new ContinuationOptions("k", []).Validate()).Property);
        Assert.Equal("Values", Assert.Throws<OptionsValidationException>(() => new ContinuationOptions("k", [double.NaN]).Validate()).Property);
        Assert.Equal("StageIterations", Assert.Throws<OptionsValidationException>(() => new ContinuationOptions("k", [1], StageIterations: -1).Validate()).Property);
        Assert.Equal("StageDamping", Assert.Throws<OptionsValidationException>(() => new ContinuationOptions("k", [1], StageDamping: double.NaN).Validate()).Property);
        Assert.Equal("StageDamping", Assert.Throws<OptionsValidationException>(() => new ContinuationOptions("k", [1], StageDamping: -1).Validate()).Property);

        // Checkpoints of runs written before the stage settings existed keep their identity.
        Assert.Equal("k:0.25,0.5", new ContinuationOptions("k", [0.25, 0.5]).Identity);
        Assert.NotEqual(new ContinuationOptions("k", [0.25, 0.5]).Identity, new ContinuationOptions("k", [0.25, 0.5], StageDamping: 1).Identity);
        Assert.Equal("Continuation", Assert.Throws<OptionsValidationException>(() => (Options(10, 2) with { Polish = null, Continuation = new ContinuationOptions("k", [1]) }).Validate()).Property);
        Assert.Throws<ArgumentException>(() => new Trainer<float>(Problem(1), Options(10, 2) with { Continuation = new ContinuationOptions("kk", [1]) }));
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
