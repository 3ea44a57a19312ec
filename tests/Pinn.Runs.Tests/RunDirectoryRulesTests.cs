using Pinn.Core.Training;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>
/// The rules every verb that writes a directory follows: a usable path (one line naming what is wrong), the lock
/// (held on the directory itself: deleting run.lock lets nobody in), no run files of any kind unless told to
/// overwrite them, and a merge never writes into one of its inputs.
/// </summary>
public class RunDirectoryRulesTests
{
    private static RunConfig Config() => new("sin2-test", ProblemCatalog.Sin2(2, 1), BatchSolverTests.Options(steps: 100, polish: 2), new ShootingOptions(-5, 5), null);

    [Fact]
    public void APathThatCannotBeARunDirectoryIsRefusedInOneLineNamingIt()
    {
        using var scratch = new ScratchDirectory();
        string file = Path.Combine(scratch.Path, "a-file");
        File.WriteAllText(file, "x");
        Assert.Equal("the run directory is an empty path: give a directory (--out DIR).", Assert.Throws<RunDirectoryException>(() => RunLock.Acquire("")).Message);
        Assert.Equal($"'{file}' is a file, not a directory: give a directory for the run's files (--out DIR).", Assert.Throws<RunDirectoryException>(() => BatchRun.Start(Config(), file)).Message);
        string inside = Path.Combine(file, "sub");
        Assert.Equal($"'{inside}' cannot be created: '{file}' is a file, not a directory (--out DIR).", Assert.Throws<RunDirectoryException>(() => RunDirectory.Claim(inside, false)).Message);
        Assert.StartsWith($"'{file}' is a file, not a run directory", Assert.Throws<DirectoryNotFoundException>(() => BatchRun.Resume(file)).Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{file}' is a file, not a run directory", Assert.Throws<DirectoryNotFoundException>(() => RunReport.Redraw(new RunDirectory(file))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeletingRunLockWhileARunHoldsTheDirectoryLetsNoSecondRunIn()
    {
        using var scratch = new ScratchDirectory();
        string dir = Path.Combine(scratch.Path, "run");
        using var first = RunLock.Acquire(dir);
        File.Delete(Path.Combine(dir, RunLock.FileName));
        var second = Assert.Throws<RunDirectoryException>(() => RunLock.Acquire(dir));
        Assert.Contains("another pinn process is using the run directory", second.Message, StringComparison.Ordinal);
        first.Dispose();
        first.Dispose(); // twice is harmless
        RunLock.Acquire(dir).Dispose();
    }

    [Fact]
    public void ShootSweepsAndDiscoveriesAreRefusedInABatchRunDirectoryUnlessForced()
    {
        using var scratch = new ScratchDirectory();
        string batch = Path.Combine(scratch.Path, "batch");
        using (var run = BatchRun.Start(Config(), batch))
        {
            Assert.NotNull(run.Train());
        }

        string config = File.ReadAllText(Path.Combine(batch, "config.json"));
        var claimed = Assert.Throws<RunDirectoryException>(() => RunDirectory.Claim(batch, overwrite: false));
        Assert.Contains("already holds run files (config.json, metrics.csv", claimed.Message, StringComparison.Ordinal);
        var sweep = Assert.Throws<RunDirectoryException>(() => SweepRun.Run(Config(), new SweepRange("k", 1, 2, 2), batch));
        Assert.Contains("already holds run files", sweep.Message, StringComparison.Ordinal);
        var discovery = Assert.Throws<RunDirectoryException>(() => DiscoveryShards.Prepare(Config(), batch));
        Assert.Contains("holds the files of another kind of run (metrics.csv", discovery.Message, StringComparison.Ordinal);
        Assert.Equal(config, File.ReadAllText(Path.Combine(batch, "config.json"))); // untouched

        using (var held = RunLock.Acquire(batch))
        {
            Assert.Contains("another pinn process", Assert.Throws<RunDirectoryException>(() => RunDirectory.Claim(batch, overwrite: true)).Message, StringComparison.Ordinal);
        }

        RunDirectory.Claim(batch, overwrite: true).Dispose();
        string empty = Path.Combine(scratch.Path, "new");
        RunDirectory.Claim(empty, overwrite: false).Dispose();
        Assert.True(Directory.Exists(empty));
    }

    [Fact]
    public void AMergeNeverWritesIntoOneOfItsShards()
    {
        using var scratch = new ScratchDirectory();
        var shards = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            string dir = Path.Combine(scratch.Path, $"shard-{i}");
            var config = Config() with { Options = Config().Options with { Shard = new ShardOptions(i, 2) } };
            using var run = BatchRun.Start(config, dir);
            Assert.NotNull(run.Train());
            shards.Add(dir);
        }

        byte[] summary = File.ReadAllBytes(Path.Combine(shards[0], "summary.json"));
        string link = Path.Combine(scratch.Path, "link");
        Directory.CreateSymbolicLink(link, shards[0]);
        foreach (string output in new[] { shards[0], shards[0] + "/", Path.Combine(scratch.Path, ".", "shard-0"), link })
        {
            var e = Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge(shards, output, overwrite: true));
            Assert.Contains("is one of the shards being merged", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(summary, File.ReadAllBytes(Path.Combine(shards[0], "summary.json")));
        var merged = ShardMerge.Merge(shards, Path.Combine(scratch.Path, "merged"));
        Assert.True(merged.Complete);
        Assert.Equal(merged.Summary.ClassCounts, RunReport.Redraw(merged.Directory).ClassCounts); // its files.json holds
        Assert.Contains("is a merged run (merge.json)", Assert.Throws<FileNotFoundException>(() => BatchRun.Resume(merged.Directory.Path)).Message, StringComparison.Ordinal);
    }
}
