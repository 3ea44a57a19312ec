using Pinn.Core.Configuration;
using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training;

/// <summary>Shards: which members each trains, parsing and validation, and a shard's members equal the whole run's.</summary>
public class ShardOptionsTests
{
    [Theory]
    [InlineData(5, 2, new[] { 0, 2, 2, 3 })]
    [InlineData(5, 3, new[] { 0, 1, 1, 2, 3, 2 })]
    [InlineData(4, 4, new[] { 0, 1, 1, 1, 2, 1, 3, 1 })]
    [InlineData(18, 4, new[] { 0, 4, 4, 5, 9, 4, 13, 5 })]
    public void ShardsCoverEveryMemberOnceInContiguousBlocks(int members, int count, int[] expected)
    {
        var blocks = Enumerable.Range(0, count).Select(i => new ShardOptions(i, count).MembersOf(members)).ToList();
        Assert.Equal(expected, blocks.SelectMany(b => new[] { b.First, b.Count }));
        Assert.Equal(Enumerable.Range(0, members), blocks.SelectMany(b => Enumerable.Range(b.First, b.Count)));
    }

    [Fact]
    public void ParsingAndValidationNameTheProblem()
    {
        Assert.Equal(new ShardOptions(3, 4), ShardOptions.Parse("3/4"));
        Assert.Equal("3/4", new ShardOptions(3, 4).ToString());
        foreach (var text in new[] { "3", "a/4", "1/2/3", "-1/4", " 1/4", "" })
        {
            Assert.Contains("a shard is written I/N", Assert.Throws<OptionsValidationException>(() => ShardOptions.Parse(text)).Reason, StringComparison.Ordinal);
        }

        Assert.Contains("from 0 to 3", Assert.Throws<OptionsValidationException>(() => ShardOptions.Parse("4/4")).Reason, StringComparison.Ordinal);
        Assert.Equal("Count", Assert.Throws<OptionsValidationException>(() => new ShardOptions(0, 0).Validate()).Property);
        var e = Assert.Throws<OptionsValidationException>(() => (Options(2) with { Shard = new ShardOptions(0, 3) }).Validate());
        Assert.Equal("Shard", e.Property);
        Assert.Contains("3 shards need at least 3 members (the ensemble has 2)", e.Reason, StringComparison.Ordinal);
        Assert.Equal((0, 2), Options(2).TrainedMembers);
        Assert.Equal((1, 1), (Options(2) with { Shard = new ShardOptions(1, 2) }).TrainedMembers);
    }

    [Fact]
    public void AShardsMembersAreTheWholeRunsBitForBit()
    {
        // Own initial networks (streams 1000 + m) and BBI bounces (2000 + m) follow the member's index in the whole run.
        var whole = new Trainer<float>(Problem(), Options(3));
        whole.Run(null, null, CancellationToken.None);
        var shard = new Trainer<float>(Problem(), Options(3) with { Shard = new ShardOptions(1, 2) });
        shard.Run(null, null, CancellationToken.None);
        Assert.Equal([1, 2], shard.Members.Select(m => m.Index));
        foreach (int m in new[] { 1, 2 })
        {
            Assert.Equal(whole.Parameters(m), shard.Parameters(m));
            Assert.Equal(whole.Members[m].Bounces, shard.Members.Single(s => s.Index == m).Bounces);
        }

        Assert.Equal(whole.Evaluate().Where(r => r.Member > 0).Select(r => (r.Member, r.Loss)), shard.Evaluate().Select(r => (r.Member, r.Loss)));
        Assert.Throws<ArgumentOutOfRangeException>(() => shard.Parameters(0));
        Assert.NotEqual(whole.Identity, shard.Identity);
    }

    private static TrainingProblem Problem()
    {
        var p = ProblemCatalog.Sin2(2, 1);
        return new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
    }

    private static RunOptions Options(int members) => new(
        new NetworkOptions(8, 1),
        new PointOptions(128, 32, 40, 200),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 0),
        new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 30, FixedBounceCount: 3, ProgressBounceThreshold: 100),
        new TrainingOptions(Steps: 120, EvaluateEvery: 40, CheckpointEvery: 1000, Seed: 3, Threads: 2),
        new EnsembleOptions(members, SameInitialization: false),
        new GaussNewtonOptions(Iterations: 3, InteriorPoints: 96, BoundaryPoints: 16, ResampleEvery: 2));
}
