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
        string dir = TestPaths.TempDirectory();
        try
        {
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
            foreach (string plot in new[] { RunDirectory.RadialSlicesPlot, RunDirectory.LossPlot, RunDirectory.ErrorPlot })
            {
                Assert.True(new FileInfo(Path.Combine(files.Path, plot + ".png")).Length > 1000, plot);
            }

            // Redrawing from the files gives the same summary.
            Assert.Equal(summary.ClassCounts, RunReport.Build(files).ClassCounts);
            Assert.Throws<ArgumentException>(() => BatchRun.Start(Config(), files.Path));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ACancelledRunResumesToTheUninterruptedResult()
    {
        string dir = TestPaths.TempDirectory();
        try
        {
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
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private sealed class CancelAt(long step, CancellationTokenSource source) : Pinn.Core.Training.ITrainingObserver
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
