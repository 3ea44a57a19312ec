using Pinn.Core.Training;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>Shards of a bifurcation sweep, merged, equal the whole sweep byte for byte; foreign, missing, unfinished and repeated shards are handled.</summary>
public class SweepMergeTests
{
    /// <summary>The files a merged sweep must share byte for byte with the whole sweep.</summary>
    private static readonly string[] SameFiles = ["config.json", "sweep.csv", "sweep.json"];

    /// <summary>Bratu in d = 2: two solutions below λ* = 2 (u(0) within [−1, 4] from λ = 1.1), none above, so the sweep has one fold; a coarse scan keeps it fast.</summary>
    private static RunConfig Config(double maximum = 4) => new("sweep-test", ProblemCatalog.Bratu(2, 1), BatchSolverTests.Options(members: 1), new ShootingOptions(-1, maximum, ScanPoints: 41, Tolerance: 1e-8), null);

    private static readonly SweepRange Range = new("lambda", 1.1, 2.3, 7);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void MergedShardsEqualTheWholeSweepByteForByte(int count)
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var whole = SweepRun.Run(Config(), Range, Path.Combine(dir, "whole"));
        Assert.True(whole.File.Complete);
        Assert.Equal((0, 2), whole.SolutionCounts());
        var shards = Enumerable.Range(0, count).Select(i => SweepRun.Run(Config(), Range, Path.Combine(dir, $"shard-{i}"), new ShardOptions(i, count)).Directory).Reverse().ToList();
        var merged = SweepMerge.Merge(shards, Path.Combine(dir, "merged"));
        Assert.True(merged.Complete);
        foreach (string name in SameFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "whole", name)), File.ReadAllBytes(Path.Combine(dir, "merged", name)));
        }

        Assert.True(File.Exists(merged.Sweep.Png) && File.Exists(merged.Sweep.Svg));
        var fold = Assert.Single(merged.Sweep.Diagram.Folds);
        Assert.Equal((2, 0), (fold.Below, fold.Above));
        var file = RunFile.Read(Path.Combine(dir, "merged", ShardMerge.MergeFileName), RunFilesJsonContext.Default.SweepMergeFile);
        Assert.Equal(Enumerable.Range(0, count), file.Shards.Select(s => s.Index));
        Assert.Equal(Range.Count, file.Shards.Sum(s => s.Values));
    }

    [Fact]
    public void AMissingOrUnfinishedShardIsReportedAndTheRestMerged()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string s0 = SweepRun.Run(Config(), Range, Path.Combine(dir, "s0"), new ShardOptions(0, 3)).Directory;
        string s2 = SweepRun.Run(Config(), Range, Path.Combine(dir, "s2"), new ShardOptions(2, 3)).Directory;

        // Shard 2 was killed mid-sweep: its sweep.json says incomplete.
        string json = Path.Combine(s2, SweepRun.FileName);
        var done = RunFile.Read(json, RunFilesJsonContext.Default.SweepFile);
        RunFile.Write(json, done with { Complete = false }, RunFilesJsonContext.Default.SweepFile);

        var merged = SweepMerge.Merge([s2, s0], Path.Combine(dir, "merged"));
        Assert.False(merged.Complete);
        Assert.False(merged.Sweep.File.Complete);
        Assert.Equal([true, false, false], merged.Shards.Select(s => s.Merged));
        Assert.Equal("no directory given for this shard", merged.Shards[1].Problem);
        Assert.StartsWith("it did not finish", merged.Shards[2].Problem, StringComparison.Ordinal);
        var (first, values) = BifurcationSweep.ValuesOf(Range, new ShardOptions(0, 3));
        var held = Enumerable.Range(first, values).Select(Range.ValueAt).ToHashSet();
        Assert.NotEmpty(merged.Sweep.Diagram.Points);
        Assert.All(merged.Sweep.Diagram.Points, p => Assert.Contains(p.Parameter, held));

        Assert.Contains("none of the 3 sweep shards finished", Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([s2], Path.Combine(dir, "other"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShardsOfAnotherSweepAreRefusedInOneLine()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string s0 = SweepRun.Run(Config(), Range, Path.Combine(dir, "s0"), new ShardOptions(0, 2)).Directory;
        string otherConfig = SweepRun.Run(Config(maximum: 3.5), Range, Path.Combine(dir, "other-config"), new ShardOptions(1, 2)).Directory;
        var e = Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([s0, otherConfig], Path.Combine(dir, "merged")));
        Assert.Contains("is a shard of another sweep", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.shooting.maximum (4 against 3.5)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);

        string otherRange = SweepRun.Run(Config(), Range with { Count = 8 }, Path.Combine(dir, "other-range"), new ShardOptions(1, 2)).Directory;
        Assert.Contains("sweeps lambda=1.1:2.3:8 (tolerance 0.0001) but", Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([s0, otherRange], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        string ofThree = SweepRun.Run(Config(), Range, Path.Combine(dir, "of-three"), new ShardOptions(1, 3)).Directory;
        Assert.Contains("the same count N", Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([s0, ofThree], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        Assert.Contains("is given twice", Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([s0, s0], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        string whole = SweepRun.Run(Config(), Range, Path.Combine(dir, "whole")).Directory;
        Assert.Contains("is not a shard", Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([whole], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        Assert.Contains("holds no sweep.json", Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([Path.Combine(dir, "nothing")], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);

        // A merged sweep is not overwritten unless asked.
        SweepMerge.Merge([s0], Path.Combine(dir, "merged"));
        Assert.Contains("already holds a sweep", Assert.Throws<RunDirectoryException>(() => SweepMerge.Merge([s0], Path.Combine(dir, "merged"))).Message, StringComparison.Ordinal);
        Assert.False(SweepMerge.Merge([s0], Path.Combine(dir, "merged"), overwrite: true).Complete);

        // A missing parameter is named before anything is written.
        Assert.Throws<ProblemDefinitionException>(() => SweepRun.Run(Config(), Range with { Parameter = "mu" }, Path.Combine(dir, "mu")));
        Assert.False(Directory.Exists(Path.Combine(dir, "mu")));
    }
}
