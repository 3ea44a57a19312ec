using Pinn.Core.Configuration;
using Pinn.Core.Training;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>A discovery trained round by round in shards, merged after each round, against the same discovery on one machine.</summary>
public class DiscoveryShardsTests
{
    private static RunConfig Config(int maximumMembers = 4, int members = 2) => new(
        "bratu-discovery",
        ProblemCatalog.Bratu(1, 0.5),
        SolutionDiscoveryTests.Options() with { Ensemble = new EnsembleOptions(members) },
        new ShootingOptions(-1, 10),
        null,
        new DiscoveryOptions(MaximumMembers: maximumMembers, Patience: 8, OffsetStep: 1));

    [Fact]
    public void RoundsTrainedInShardsGiveTheOneMachineDiscoveryByteForByte()
    {
        using var dir = new ScratchDirectory();
        var config = Config();
        SolutionDiscovery.Run(config.Problem, config.Options, config.Discovery, config.Shooting).Save(dir["whole"]);

        string sharded = dir["sharded"];
        var statuses = new List<DiscoveryRoundStatus>();
        DiscoveryRoundOutcome merge;
        int rounds = 0;
        do
        {
            // Shard 1 first: the order the array's tasks run in does not matter.
            statuses.Add(DiscoveryShards.RunShard(config, sharded, new ShardOptions(1, 2)).Status);
            statuses.Add(DiscoveryShards.RunShard(config, sharded, new ShardOptions(0, 2)).Status);
            Assert.Equal(DiscoveryRoundStatus.AlreadyTrained, DiscoveryShards.RunShard(config, sharded, new ShardOptions(0, 2)).Status); // a requeued task
            merge = DiscoveryShards.MergeRound(config, sharded, 2);
            rounds++;
        }
        while (merge.Status == DiscoveryRoundStatus.Merged && rounds < 10);

        Assert.Equal(DiscoveryRoundStatus.Finished, merge.Status);
        Assert.Equal(DiscoveryShards.MaximumRounds(config), rounds); // 4 members, 2 per round
        Assert.All(statuses, s => Assert.Equal(DiscoveryRoundStatus.Trained, s));
        foreach (string file in new[] { DiscoveryResult.SolutionsFile, "solutions-slices.csv" })
        {
            Assert.True(File.ReadAllBytes(dir["whole", file]).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(sharded, file))), $"{file} differs from the one-machine discovery's");
        }

        var state = DiscoveryShards.LoadState(sharded);
        Assert.Equal(merge.Result!.Members.Count, state.Members); // the 4 of the rounds, and one per cataloged solution they missed
        Assert.Equal(4, merge.Result.Members.Count(m => !m.Method.StartsWith("fit to ", StringComparison.Ordinal)));
        Assert.NotNull(state.StopReason);
        Assert.Equal(merge.Result!.StopReason, state.StopReason);
        Assert.Equal(1, state.OffsetStep); // the given step, which later rounds' shards read instead of computing the catalog

        // After the end, every step is a no-op.
        Assert.Equal(DiscoveryRoundStatus.AlreadyFinished, DiscoveryShards.RunShard(config, sharded, new ShardOptions(0, 2)).Status);
        Assert.Equal(DiscoveryRoundStatus.AlreadyFinished, DiscoveryShards.MergeRound(config, sharded, 2).Status);
    }

    [Fact]
    public void TheFirstMergeSavesTheChosenOutputStepForLaterShards()
    {
        using var dir = new ScratchDirectory();
        var config = Config(maximumMembers: 4) with { Discovery = new DiscoveryOptions(MaximumMembers: 4, Patience: 8) };
        Assert.Null(DiscoveryShards.LoadState(dir.Path).OffsetStep);
        DiscoveryShards.RunShard(config, dir.Path, new ShardOptions(0, 2));
        DiscoveryShards.RunShard(config, dir.Path, new ShardOptions(1, 2));
        Assert.Equal(DiscoveryRoundStatus.Merged, DiscoveryShards.MergeRound(config, dir.Path, 2).Status);

        // The step the catalog chooses (half the spread of its u(0), at least the floor), saved by the merge.
        var catalog = BatchSolver.CatalogFor(config.Problem, config.Shooting).Catalog;
        double expected = new DiscoveryOptions().WithOffsetStepFrom(catalog).Settings.OffsetStep!.Value;
        var saved = DiscoveryShards.LoadState(dir.Path).OffsetStep;
        Assert.NotNull(saved);
        NumericAssert.Relative(expected, saved!.Value, 1e-15, what: "the saved output step");
        Assert.Equal(2, catalog.Entries.Count);
    }

    [Fact]
    public void AMissingShardLeavesTheRoundUnmergedAndAForeignShardIsRefused()
    {
        using var dir = new ScratchDirectory();
        var config = Config();
        Assert.Equal(DiscoveryRoundStatus.Trained, DiscoveryShards.RunShard(config, dir.Path, new ShardOptions(0, 2)).Status);
        var incomplete = DiscoveryShards.MergeRound(config, dir.Path, 2);
        Assert.Equal(DiscoveryRoundStatus.Incomplete, incomplete.Status);
        Assert.Contains("shard(s) 1 of 2 missing", incomplete.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir[DiscoveryState.FileName]));

        // Shard 1 trained with another seed: the merge names the file and the difference.
        var other = config with { Options = config.Options with { Training = config.Options.Training with { Seed = 99 } } };
        DiscoveryShards.RunShard(other, dir.Path, new ShardOptions(1, 2));
        var e = Assert.Throws<RunDirectoryException>(() => DiscoveryShards.MergeRound(config, dir.Path, 2));
        Assert.Contains("shard-1.json' was trained with another configuration", e.Message, StringComparison.Ordinal);
        Assert.Contains("seed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 2, 3, "set ensemble.members (now 2) to 3 or more")]
    [InlineData(5, 2, 2, "set discovery.maximumMembers (now 5) to a multiple of ensemble.members (2)")]
    public void ShardCountsThatLeaveAShardWithoutMembersAreRefused(int maximumMembers, int members, int shards, string fix)
    {
        var e = Assert.Throws<OptionsValidationException>(() => DiscoveryShards.CheckShards(Config(maximumMembers, members), shards));
        Assert.Contains(fix, e.Message, StringComparison.Ordinal);
        DiscoveryShards.CheckShards(Config(6, 3), 3); // 2 rounds of 3: fine
        Assert.Contains("from 1 to 4096", Assert.Throws<OptionsValidationException>(() => DiscoveryShards.CheckShards(Config(), 0)).Message, StringComparison.Ordinal);
    }
}
