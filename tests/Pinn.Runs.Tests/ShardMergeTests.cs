using System.Globalization;
using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>Shards of a batch, merged, equal the whole run byte for byte; foreign, missing and repeated shards are handled.</summary>
public class ShardMergeTests
{
    /// <summary>The files a merged run must share byte for byte with the whole run.</summary>
    private static readonly string[] SameFiles = ["config.json", "catalog.json", "metrics.csv", "bounces.csv", "summary.json", "slices.csv"];

    /// <summary>K = 5 members with BBI (bounces from each member's own stream), resampled points, then Gauss–Newton on resampled points.</summary>
    private static RunConfig Config(ulong seed = 5, Precision precision = Precision.F32) => new(
        "shard-test",
        ProblemCatalog.Sin2(2, 1),
        new RunOptions(
            new NetworkOptions(8, 1),
            new PointOptions(128, 32, 50, 200),
            new LossOptions(BoundaryWeight: 10, WeightDecay: 0),
            new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 40, FixedBounceCount: 3, ProgressBounceThreshold: 100),
            new TrainingOptions(Steps: 150, EvaluateEvery: 50, CheckpointEvery: 100, Seed: seed, Precision: precision, Threads: 2),
            new EnsembleOptions(5),
            new GaussNewtonOptions(Iterations: 4, InteriorPoints: 96, BoundaryPoints: 16, ResampleEvery: 2)),
        new ShootingOptions(-5, 5),
        null);

    private static RunDirectory Run(RunConfig config, string directory)
    {
        using var run = BatchRun.Start(config, directory);
        Assert.NotNull(run.Train());
        return run.Directory;
    }

    private static RunConfig Shard(RunConfig config, int index, int count) => config with { Options = config.Options with { Shard = new ShardOptions(index, count) } };

    [Theory]
    [InlineData(2, Precision.F32)]
    [InlineData(3, Precision.F32)]
    [InlineData(2, Precision.F64)]
    public void MergedShardsEqualTheWholeRunByteForByte(int count, Precision precision)
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var whole = Run(Config(precision: precision), Path.Combine(dir, "whole"));
        // Given in reverse order: the merge orders them.
        var shards = Enumerable.Range(0, count).Reverse().Select(i => Run(Shard(Config(precision: precision), i, count), Path.Combine(dir, $"shard-{i}")).Path).ToList();
        var result = ShardMerge.Merge(shards, Path.Combine(dir, "merged"));
        Assert.True(result.Complete);
        Assert.Equal(Enumerable.Range(0, 5), result.Summary.Members.Select(m => m.Index));
        foreach (string file in SameFiles)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(whole.Path, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(result.Directory.Path, file))), $"{file} differs from the whole run's ({count} shards, {precision})");
        }

        Assert.True(File.Exists(result.Directory.Report));
        Assert.True(new FileInfo(Path.Combine(result.Directory.Path, RunDirectory.RadialSlicesPlot + ".png")).Length > 1000);

        // timing.csv: at every step the slowest shard's time (they ran side by side).
        static Dictionary<string, string> Times(string path) => File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1]);
        var merged = Times(result.Directory.Timing);
        var perShard = shards.Select(s => Times(new RunDirectory(s).Timing)).ToList();
        Assert.Equal(perShard[0].Keys, merged.Keys);
        Assert.All(merged, p => Assert.Equal(perShard.Max(t => double.Parse(t[p.Key], CultureInfo.InvariantCulture)), double.Parse(p.Value, CultureInfo.InvariantCulture)));

        // Each shard trained its own block of members, with their indices from the whole run.
        var first = RunFile.Read(new RunDirectory(shards[^1]).Summary, RunFilesJsonContext.Default.RunSummary);
        Assert.Equal(Enumerable.Range(0, new ShardOptions(0, count).MembersOf(5).Count), first.Members.Select(m => m.Index));
        var last = RunFile.Read(new RunDirectory(shards[0]).Summary, RunFilesJsonContext.Default.RunSummary);
        Assert.Equal(4, last.Members[^1].Index);
    }

    [Fact]
    public void AMissingOrUnfinishedShardIsReportedAndTheRestMerged()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string s0 = Run(Shard(Config(), 0, 3), Path.Combine(dir, "s0")).Path;
        // Shard 1 was started but killed before its end: a checkpoint, no summary.json.
        using (var started = BatchRun.Start(Shard(Config(), 1, 3), Path.Combine(dir, "s1")))
        {
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            Assert.Null(started.Train(cancellation: cancel.Token));
        }

        var result = ShardMerge.Merge([s0, Path.Combine(dir, "s1")], Path.Combine(dir, "merged")); // shard 2 not given at all
        Assert.False(result.Complete);
        Assert.Equal([1, 2, 3, 4], result.MissingMembers);
        Assert.Equal([true, false, false], result.Shards.Select(s => s.Merged));
        Assert.Contains("did not finish", result.Shards[1].Problem, StringComparison.Ordinal);
        Assert.Equal("no directory given for this shard", result.Shards[2].Problem);
        Assert.Equal([0], result.Summary.Members.Select(m => m.Index));
        Assert.Equal(1, result.Summary.ClassCounts.Values.Sum());
        var file = RunFile.Read(Path.Combine(dir, "merged", ShardMerge.MergeFileName), RunFilesJsonContext.Default.MergeFile);
        Assert.Equal(result.MissingMembers, file.MissingMembers);

        // Nothing finished: refused.
        var e = Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge([Path.Combine(dir, "s1")], Path.Combine(dir, "none")));
        Assert.StartsWith("none of the 3 shards finished", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShardsOfAnotherRunAreRefusedInOneLine()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string s0 = Run(Shard(Config(), 0, 2), Path.Combine(dir, "s0")).Path;
        string other = Run(Shard(Config(seed: 6), 1, 2), Path.Combine(dir, "other-seed")).Path;
        var e = Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge([s0, other], Path.Combine(dir, "merged")));
        Assert.Contains("is a shard of another run", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.training.seed (5 against 6)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        string count = Run(Shard(Config(), 1, 3), Path.Combine(dir, "of-three")).Path;
        Assert.Contains("the same count N", Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge([s0, count], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        Assert.Contains("is given twice", Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge([s0, s0], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);

        string whole = Run(Config(), Path.Combine(dir, "whole")).Path;
        Assert.Contains("is not a shard", Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge([whole], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        Assert.Contains("holds no config.json", Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge([Path.Combine(dir, "nothing")], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);

        // A merged directory is not overwritten unless asked.
        ShardMerge.Merge([s0], Path.Combine(dir, "merged"));
        Assert.Contains("already holds run files", Assert.Throws<RunDirectoryException>(() => ShardMerge.Merge([s0], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        Assert.False(ShardMerge.Merge([s0], Path.Combine(dir, "merged"), overwrite: true).Complete);
    }

    [Fact]
    public void AShardResumesBitForBit()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var full = Run(Shard(Config(), 1, 2), Path.Combine(dir, "full"));
        using (var run = BatchRun.Start(Shard(Config(), 1, 2), Path.Combine(dir, "cut")))
        {
            using var cancel = new CancellationTokenSource();
            Assert.Null(run.Train(new BatchRunTests.CancelAt(120, cancel), cancel.Token));
        }

        using (var resumed = BatchRun.Resume(Path.Combine(dir, "cut")))
        {
            Assert.Equal(1, resumed.Config.Options.Shard!.Index);
            Assert.NotNull(resumed.Train());
        }

        foreach (string file in SameFiles)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(full.Path, file)), File.ReadAllText(Path.Combine(dir, "cut", file)));
        }
    }
}
