using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>
/// Every file a run reads back is checked as this run's (files.json) before any work: another run's catalog or
/// summary, a cut or edited log, a deleted log, an edited config — and a run stopped before its first periodic
/// checkpoint resumes from the one at step 0.
/// </summary>
public class RunIntegrityTests
{
    private static RunConfig Config(string name = "sin2-test", double k = 1) =>
        new(name, ProblemCatalog.Sin2(2, k), BatchSolverTests.Options(steps: 200, polish: 6), new ShootingOptions(-5, 5), null);

    private static string Finished(string root, string name, RunConfig? config = null)
    {
        string dir = Path.Combine(root, name);
        using var run = BatchRun.Start(config ?? Config(), dir);
        Assert.NotNull(run.Train());
        return dir;
    }

    [Fact]
    public void AnotherRunsCatalogOrSummaryIsRefusedByResumeAndPlot()
    {
        using var scratch = new ScratchDirectory();
        string mine = Finished(scratch.Path, "mine"), other = Finished(scratch.Path, "other", Config("other", 3));
        Assert.NotEqual(File.ReadAllText(Path.Combine(mine, "catalog.json")), File.ReadAllText(Path.Combine(other, "catalog.json")));
        File.Copy(Path.Combine(other, "catalog.json"), Path.Combine(mine, "catalog.json"), overwrite: true);
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(mine, "checkpoint.bin"));
        var resume = Assert.Throws<InvalidDataException>(() => BatchRun.Resume(mine, 300));
        Assert.StartsWith("catalog.json in ", resume.Message, StringComparison.Ordinal);
        Assert.Contains("is not the file this run wrote", resume.Message, StringComparison.Ordinal);
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(mine, "checkpoint.bin"))); // nothing was done
        Assert.Contains("catalog.json", Assert.Throws<InvalidDataException>(() => RunReport.Redraw(new RunDirectory(mine))).Message, StringComparison.Ordinal);

        string second = Finished(scratch.Path, "second");
        File.Copy(Path.Combine(other, "summary.json"), Path.Combine(second, "summary.json"), overwrite: true);
        Assert.StartsWith("summary.json in ", Assert.Throws<InvalidDataException>(() => RunReport.Redraw(new RunDirectory(second))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cut", "was cut")]
    [InlineData("garbage", "has rows the run did not write")]
    [InlineData("edited", "was changed (its first ")]
    public void ACutOrDamagedMetricsFileIsRefusedByPlotAndADamagedOneByResumeBeforeTraining(string damage, string expected)
    {
        using var scratch = new ScratchDirectory();
        string dir = Finished(scratch.Path, "run");
        string metrics = Path.Combine(dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        switch (damage)
        {
            case "cut": // at a line boundary: still a well-formed CSV
                File.WriteAllLines(metrics, lines[..^3]);
                break;
            case "garbage":
                File.AppendAllText(metrics, "100,0,garbage\n");
                break;
            default:
                lines[2] = lines[2].Replace(',', ';');
                File.WriteAllLines(metrics, lines);
                break;
        }

        var plot = Assert.Throws<InvalidDataException>(() => RunReport.Redraw(new RunDirectory(dir)));
        Assert.StartsWith("metrics.csv in ", plot.Message, StringComparison.Ordinal);
        Assert.Contains(expected, plot.Message, StringComparison.Ordinal);
        if (damage != "garbage") // rows appended after the last checkpoint are what a killed run leaves: a resume drops them
        {
            byte[] before = File.ReadAllBytes(metrics);
            Assert.Contains("metrics.csv", Assert.Throws<InvalidDataException>(() => BatchRun.Resume(dir, 300)).Message, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(metrics));
        }
    }

    [Theory]
    [InlineData("bounces.csv")]
    [InlineData("metrics.csv")]
    public void ADeletedLogIsNoticedBeforeAResumeTrainsAnything(string file)
    {
        using var scratch = new ScratchDirectory();
        string dir = Path.Combine(scratch.Path, "run");
        using var cancel = new CancellationTokenSource();
        using (var run = BatchRun.Start(Config(), dir))
        {
            Assert.Null(run.Train(new BatchRunTests.CancelAt(150, cancel), cancel.Token));
        }

        File.Delete(Path.Combine(dir, file));
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(dir, "checkpoint.bin"));
        var e = Assert.Throws<InvalidDataException>(() => BatchRun.Resume(dir));
        Assert.Equal($"{file} in '{dir}' is missing, according to files.json: nothing was done. Restore it, or run again in a new directory.", e.Message);
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(dir, "checkpoint.bin")));
    }

    [Fact]
    public void AnEditedConfigIsRefusedOnResumeSoTheLogNeverMixesTwoIntervals()
    {
        using var scratch = new ScratchDirectory();
        string dir = Path.Combine(scratch.Path, "run");
        using var cancel = new CancellationTokenSource();
        using (var run = BatchRun.Start(Config(), dir))
        {
            Assert.Null(run.Train(new BatchRunTests.CancelAt(150, cancel), cancel.Token));
        }

        string config = Path.Combine(dir, "config.json");
        string text = File.ReadAllText(config);
        Assert.Contains("\"evaluateEvery\": 100", text, StringComparison.Ordinal);
        File.WriteAllText(config, text.Replace("\"evaluateEvery\": 100", "\"evaluateEvery\": 20", StringComparison.Ordinal));
        Assert.StartsWith("config.json in ", Assert.Throws<InvalidDataException>(() => BatchRun.Resume(dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunStoppedBeforeItsFirstPeriodicCheckpointResumesFromStepZeroToTheUninterruptedFiles()
    {
        using var scratch = new ScratchDirectory();
        string full = Finished(scratch.Path, "full");
        string stopped = Path.Combine(scratch.Path, "stopped");
        using (var run = BatchRun.Start(Config(), stopped))
        {
            Assert.Equal(0, run.Step); // started, then (as if killed) never trained
        }

        Assert.True(File.Exists(Path.Combine(stopped, "checkpoint.bin")));
        using (var run = BatchRun.Resume(stopped))
        {
            Assert.Equal(0, run.Step);
            Assert.NotNull(run.Train());
        }

        foreach (string file in new[] { "metrics.csv", "bounces.csv", "slices.csv", "summary.json", "checkpoint.bin" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(full, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(stopped, file))), $"{file} differs");
        }

        var manifest = RunIntegrity.Read(new RunDirectory(stopped))!;
        Assert.True(manifest.Finished);
        Assert.Equal(["bounces.csv", "catalog.json", "config.json", "metrics.csv", "slices.csv", "summary.json"], manifest.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(FileDigest.Of(Path.Combine(stopped, "metrics.csv")), manifest.Files["metrics.csv"]);
    }

    [Fact]
    public void RowsAKilledRunAppendedAfterItsLastManifestAreDroppedOnResume()
    {
        using var scratch = new ScratchDirectory();
        string full = Finished(scratch.Path, "full");
        string dir = Path.Combine(scratch.Path, "run");
        using var cancel = new CancellationTokenSource();
        using (var run = BatchRun.Start(Config(), dir))
        {
            Assert.Null(run.Train(new BatchRunTests.CancelAt(100, cancel), cancel.Token));
        }

        File.AppendAllText(Path.Combine(dir, "metrics.csv"), "150,0,0.5,0."); // a row torn by a kill
        using (var run = BatchRun.Resume(dir))
        {
            Assert.NotNull(run.Train());
        }

        Assert.Equal(File.ReadAllText(Path.Combine(full, "metrics.csv")), File.ReadAllText(Path.Combine(dir, "metrics.csv")));
    }

    [Fact]
    public void AFileDigestMatchesItsFileWholeOrAsAPrefix()
    {
        using var scratch = new ScratchDirectory();
        string path = Path.Combine(scratch.Path, "log.csv");
        File.WriteAllText(path, "a,b\n1,2\n");
        var digest = FileDigest.Of(path);
        Assert.Equal(8, digest.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("a,b\n1,2\n"u8)), digest.Sha256);
        Assert.True(digest.MatchesWhole(path));
        File.AppendAllText(path, "3,4\n");
        Assert.False(digest.MatchesWhole(path));
        Assert.True(digest.MatchesPrefix(path));
        File.WriteAllText(path, "a,b\n1,3\n3,4\n");
        Assert.False(digest.MatchesPrefix(path));
        File.WriteAllText(path, "a,b\n");
        Assert.False(digest.MatchesPrefix(path));
        File.Delete(path);
        Assert.False(digest.MatchesPrefix(path));
    }
}
