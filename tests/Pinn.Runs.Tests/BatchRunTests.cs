using System.Globalization;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>A batch run in a directory: every file written and readable; cancel and resume give the uninterrupted result.</summary>
public class BatchRunTests
{
    private static RunConfig Config() => new("sin2-test", ProblemCatalog.Sin2(2, 1), BatchSolverTests.Options(steps: 200, polish: 6), new ShootingOptions(-5, 5), null);

    [Fact]
    public void ARunWritesEveryFileAndTheReportReadsThemBack()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var notes = new List<string>();
        BatchResult? result;
        using (var run = BatchRun.Start(Config(), Path.Combine(dir, "run"), notes.Add))
        {
            result = run.Train();
        }

        Assert.NotNull(result);
        Assert.Contains(notes, n => n.Contains("shooting found 1 radial solution", StringComparison.Ordinal));
        var files = new RunDirectory(Path.Combine(dir, "run"));
        var summary = RunFile.Read(files.Summary, RunFilesJsonContext.Default.RunSummary);
        Assert.Equal(result.Members.Select(m => (m.Class, m.FinalLoss, m.ErrorToClass)), summary.Members.Select(m => (m.Class, m.FinalLoss, m.ErrorToClass)));
        Assert.Equal(result.Slices.Members[1], RadialSlices.Read(files.Slices).Members[1]);
        var catalog = SolutionCatalogFile.Load(files.Catalog);
        Assert.Equal(result.Catalog.Entries[0].U0, catalog.Entries[0].U0);
        foreach (string plot in new[] { RunDirectory.RadialSlicesPlot, RunDirectory.LossPlot, RunDirectory.ErrorPlot, RunDirectory.ErrorTimePlot })
        {
            Assert.True(new FileInfo(Path.Combine(files.Path, plot + ".png")).Length > 1000, plot);
        }

        // Redrawing from the files gives the same summary.
        Assert.Equal(summary.ClassCounts, RunReport.Build(files).ClassCounts);
        Assert.Throws<RunDirectoryException>(() => BatchRun.Start(Config(), files.Path));
    }

    [Fact]
    public void ACancelledRunResumesToTheUninterruptedResult()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        BatchResult? full;
        using (var run = BatchRun.Start(Config(), Path.Combine(dir, "full")))
        {
            full = run.Train();
        }

        using var cancel = new CancellationTokenSource();
        using (var run = BatchRun.Start(Config(), Path.Combine(dir, "cut")))
        {
            Assert.Null(run.Train(new CancelAt(150, cancel), cancel.Token));
            Assert.Equal(150, run.Step);
        }

        using (var run = BatchRun.Resume(Path.Combine(dir, "cut")))
        {
            Assert.Equal(150, run.Step);
            var resumed = run.Train();
            Assert.NotNull(resumed);
            Assert.Equal(full!.Members.Select(m => m.FinalLoss), resumed.Members.Select(m => m.FinalLoss));
            Assert.Equal(full.Slices.Members[0], resumed.Slices.Members[0]);
        }

        Assert.Equal(File.ReadAllText(Path.Combine(dir, "full", "metrics.csv")), File.ReadAllText(Path.Combine(dir, "cut", "metrics.csv")));

        // timing.csv: one row per evaluation step, as metrics.csv has them, the clock continued across the resume.
        var metricsSteps = File.ReadAllLines(Path.Combine(dir, "cut", "metrics.csv")).Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Distinct().ToArray();
        var timing = File.ReadAllLines(Path.Combine(dir, "cut", "timing.csv"));
        Assert.Equal(MetricsLog.TimingHeader, timing[0]);
        var rows = timing.Skip(1).Select(l => l.Split(',')).Select(c => (Step: long.Parse(c[0], CultureInfo.InvariantCulture), Seconds: double.Parse(c[1], CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(metricsSteps, rows.Select(r => r.Step));
        Assert.All(rows.Zip(rows.Skip(1)), p => Assert.True(p.Second.Seconds >= p.First.Seconds, $"elapsed falls from {p.First} to {p.Second}"));
    }

    [Fact]
    public void ADirectoryIsLockedWhileARunHoldsItAndAnotherRunsFilesAreNotOverwritten()
    {
        string dir = Path.Combine(TestPaths.TempDirectory(), "run");
        try
        {
            using (var first = BatchRun.Start(Config(), dir))
            {
                var busy = Assert.Throws<RunDirectoryException>(() => BatchRun.Start(Config(), dir));
                Assert.Contains("another pinn process", busy.Message);
                Assert.Throws<RunDirectoryException>(() => BatchRun.Resume(dir));
            }

            // Released: the files of the first run are still refused, unless told to overwrite them.
            var taken = Assert.Throws<RunDirectoryException>(() => BatchRun.Start(Config(), dir));
            Assert.Contains("already holds a run: continue it (pinn resume", taken.Message); // its step-0 checkpoint is there
            using (BatchRun.Start(Config(), dir, overwrite: true))
            {
            }

            string taken1 = RunDirectory.Default("same-second");
            Directory.CreateDirectory(taken1);
            try
            {
                Assert.NotEqual(taken1, RunDirectory.Default("same-second"));
            }
            finally
            {
                Directory.Delete(taken1);
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, true);
        }
    }

    [Fact]
    public void ResumeRefusesABadStepCountAndChangesNothing()
    {
        string dir = Path.Combine(TestPaths.TempDirectory(), "run");
        try
        {
            using var cancel = new CancellationTokenSource();
            using (var run = BatchRun.Start(Config(), dir))
            {
                Assert.Null(run.Train(new CancelAt(120, cancel), cancel.Token));
            }

            string config = File.ReadAllText(Path.Combine(dir, "config.json"));
            Assert.Equal("Steps", Assert.Throws<Pinn.Core.Configuration.OptionsValidationException>(() => BatchRun.Resume(dir, 0)).Property);
            var fewer = Assert.Throws<Pinn.Core.Configuration.OptionsValidationException>(() => BatchRun.Resume(dir, 100));
            Assert.Contains("fewer than the 120 steps", fewer.Message);
            Assert.Equal(config, File.ReadAllText(Path.Combine(dir, "config.json")));

            // A damaged catalog is refused before anything is trained or changed.
            string catalog = Path.Combine(dir, "catalog.json");
            string saved = File.ReadAllText(catalog);
            File.WriteAllText(catalog, saved[..(saved.Length / 2)]);
            Assert.Throws<InvalidDataException>(() => BatchRun.Resume(dir, 300));
            Assert.Equal(config, File.ReadAllText(Path.Combine(dir, "config.json")));
            File.WriteAllText(catalog, saved);

            using var resumed = BatchRun.Resume(dir, 250);
            Assert.Equal(120, resumed.Step);
            Assert.Equal(250, resumed.Config.Options.Training.Steps);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, true);
        }
    }

    /// <summary>Cancels a run when it reaches a step (also used by the shard tests).</summary>
    internal sealed class CancelAt(long step, CancellationTokenSource source) : Pinn.Core.Training.ITrainingObserver
    {
        public void OnStep(long s, long totalSteps, IReadOnlyList<Pinn.Core.Training.MemberStatus> members)
        {
            if (s == step)
            {
                source.Cancel();
            }
        }

        public void OnMetrics(IReadOnlyList<Pinn.Core.Training.MetricsRecord> records)
        {
        }

        public void OnBounce(long s, int member)
        {
        }
    }
}
