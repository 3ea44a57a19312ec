using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>Discovery by deflation on the one-dimensional Bratu problem, whose two solutions are known in closed form.</summary>
public class SolutionDiscoveryTests
{
    internal static RunOptions Options() => new(
        new NetworkOptions(12, 1, Activation.Tanh),
        new PointOptions(64, 2, 0, 200),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 0),
        new AdamOptions(LearningRate: 1e-2),
        new TrainingOptions(Steps: 300, EvaluateEvery: 300, Seed: 3, Precision: Precision.F64, Threads: 1),
        new EnsembleOptions(2),
        new GaussNewtonOptions(Iterations: 80, Tolerance: 1e-12, ResampleEvery: 0),
        Deflation: new DeflationOptions());

    [Fact]
    public void DeflatedRoundsExploreWithAdamInsteadOfBbi()
    {
        // A BBI configuration: round 0 trains with BBI; the round that explores with a solution known uses Adam.
        var options = Options() with { Optimizer = new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 100, ProgressBounceThreshold: 1000, FixedBounceCount: 2) };
        var result = SolutionDiscovery.Run(ProblemCatalog.Bratu(1, 0.5), options, new DiscoveryOptions(MaximumMembers: 4, Patience: 4), new ShootingOptions(-1, 10));
        Assert.Equal("bbi, then gauss-newton", result.Members[0].Method);
        Assert.True(result.Solutions.Count >= 1, string.Join(" | ", result.Members.Select(m => m.Outcome)));
        Assert.Equal(4, result.Members.Count(m => !m.Method.StartsWith("fit to ", StringComparison.Ordinal)));
        Assert.StartsWith("adam (deflated), then gauss-newton (deflated)", result.Members[2].Method, StringComparison.Ordinal);

        var kept = SolutionDiscovery.Run(ProblemCatalog.Bratu(1, 0.5), options, new DiscoveryOptions(MaximumMembers: 4, Patience: 4, DeflatedLearningRate: 0), new ShootingOptions(-1, 10));
        Assert.StartsWith("bbi (deflated), then gauss-newton (deflated)", kept.Members[2].Method, StringComparison.Ordinal);
    }

    [Fact]
    public void ADiscoveryIsNotSharded()
    {
        var e = Assert.Throws<ArgumentException>(() => SolutionDiscovery.Run(ProblemCatalog.Bratu(1, 0.5), Options() with { Shard = new ShardOptions(0, 2) }));
        Assert.StartsWith("A discovery cannot run as a shard", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeflationFindsBothBratuSolutionsMergesDuplicatesAndStopsByItself()
    {
        // −u″ = λeᵘ on (−1, 1), u(±1) = 0, λ = 1/2: u = 2 ln(cosh θ / cosh θx), 2θ² = λ cosh²θ, two roots θ.
        var problem = ProblemCatalog.Bratu(1, 0.5);
        var notes = new List<string>();
        var result = SolutionDiscovery.Run(problem, Options(), new DiscoveryOptions(MaximumMembers: 16, Patience: 8, OffsetStep: 1), new ShootingOptions(-1, 10), notes.Add);

        Assert.Equal(2, result.Catalog.Entries.Count);
        Assert.True(result.MissedEntries.Count == 0, string.Join(" | ", notes));
        Assert.Equal(2, result.Solutions.Count);
        Assert.StartsWith("no new solution", result.StopReason, StringComparison.Ordinal);
        foreach (var s in result.Solutions)
        {
            Assert.NotNull(s.MatchedEntry);
            Assert.True(s.Distances[s.MatchedEntry!] <= 1e-3, $"{s.Name}: error {s.Distances[s.MatchedEntry!]:E3} to {s.MatchedEntry}");
        }

        // Independent check against the closed forms on a grid.
        foreach (var (theta, name) in new[] { (BratuClosedForm.Theta(0.5, 0, 1), "lower"), (BratuClosedForm.Theta(0.5, 1, 4), "upper") })
        {
            var solution = result.Solutions.Single(s => result.Catalog.Entries.First(e => e.Name == s.MatchedEntry).U0 is double u0 && Math.Abs(u0 - (2 * Math.Log(Math.Cosh(theta)))) < 1e-6);
            var grid = Enumerable.Range(0, 21).Select(i => new[] { -1 + (i / 10.0) }).ToArray();
            var exact = grid.Select(x => BratuClosedForm.Value(theta, x[0])).ToArray();
            var shape = new ResidualNetworkShape(1, 12, 1, Activation.Tanh);
            NumericAssert.NormRelative(exact, NetworkEvaluation.Values(shape, solution.Parameters, grid), 1e-3, $"the {name} solution");
        }

        // Duplicates were merged: more members converged than solutions were reported, and every pair is far apart.
        Assert.True(result.Members.Count(m => m.Converged) > 2, string.Join(" | ", notes));
        Assert.Contains(result.Members, m => m.Outcome.StartsWith("same as", StringComparison.Ordinal));
        Assert.Equal(result.Members.Count, notes.Count(n => n.StartsWith("member", StringComparison.Ordinal)));

        // How each member was trained: round 0 plain, round 1 deflated in both phases, round 2 deflated Gauss–Newton only.
        Assert.Equal("adam, then gauss-newton", result.Members[0].Method);
        Assert.StartsWith("adam (deflated), then gauss-newton (deflated)", result.Members[2].Method, StringComparison.Ordinal);
        Assert.Contains(result.Members, m => m.Method == "gauss-newton (deflated)");

        // A solution found while deflated was polished again without deflation, and every solution carries its error
        // estimate from fresh points (against the closed forms above: the estimate and the error are of one order).
        var undeflated = result.Members.Where(m => m.Converged && m.Method.EndsWith(", then gauss-newton (undeflated)", StringComparison.Ordinal)).ToList();
        Assert.True(undeflated.Count > 0, string.Join(" | ", result.Members.Select(m => $"{m.Method}: {m.Outcome}")));
        Assert.All(result.Solutions, s => NumericAssert.InRange(s.ErrorEstimate, 1e-9, 1e-2, $"{s.Name}'s error estimate"));

        // The file round-trips.
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var (json, png) = result.Save(dir);
        var file = RunFile.Read(json, RunFilesJsonContext.Default.DiscoveryFile);
        Assert.Equal(result.Solutions.Select(s => s.U0), file.Solutions.Select(s => s.U0));
        Assert.Equal(result.Solutions[0].Parameters, file.Solutions[0].Parameters);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void ACatalogedSolutionTheRoundsMissedIsSoughtFromAStartFittedToIt()
    {
        // One round of two plain members (no deflation yet) finds only the lower Bratu solution; the upper one is in
        // the shooting catalog, so the discovery starts one more member from a network fitted to it.
        var notes = new List<string>();
        var result = SolutionDiscovery.Run(ProblemCatalog.Bratu(1, 0.5), Options(), new DiscoveryOptions(MaximumMembers: 2, Patience: 8), new ShootingOptions(-1, 10), notes.Add);
        Assert.True(result.MissedEntries.Count == 0, string.Join(" | ", notes));
        Assert.Equal(2, result.Solutions.Count);
        var sought = result.Members[^1];
        Assert.StartsWith("fit to ", sought.Method, StringComparison.Ordinal);
        Assert.Contains("new found-2", sought.Outcome, StringComparison.Ordinal);
        Assert.Equal(3, result.Members.Count);
        Assert.StartsWith("reached the maximum of 2", result.StopReason, StringComparison.Ordinal);
        var upper = result.Solutions.Single(s => s.Name == "found-2");
        Assert.True(upper.Distances[upper.MatchedEntry!] <= 1e-3, $"error {upper.Distances[upper.MatchedEntry!]:E3} to {upper.MatchedEntry}");
        double theta = BratuClosedForm.Theta(0.5, 1, 4);
        NumericAssert.Relative(2 * Math.Log(Math.Cosh(theta)), upper.U0, 1e-3, what: "u(0) of the upper solution");
    }

    [Fact]
    public void EveryFoundSolutionIsPolishedOnceMoreWhenTheRoundsStop()
    {
        // Rounds with a short Gauss–Newton phase (12 iterations) leave room: once they stop, each found solution is polished
        // again undeflated (in passes of 12) and its error to the closed form falls.
        var options = Options() with { Polish = new GaussNewtonOptions(Iterations: 12, Tolerance: 1e-12, ResampleEvery: 0) };
        var notes = new List<string>();
        var problem = ProblemCatalog.Bratu(1, 0.5);
        var result = SolutionDiscovery.Run(problem, options, new DiscoveryOptions(MaximumMembers: 2, Patience: 8), new ShootingOptions(-1, 10), notes.Add);
        string all = string.Join(" | ", notes);
        var lower = result.Solutions.Single(s => s.Name == "found-1");
        string note = Assert.Single(notes, n => n.StartsWith("found-1: polished once more, undeflated", StringComparison.Ordinal));

        // The note's loss and error pairs (before → after): the loss fell, and the error to the cataloged profile with it.
        var pairs = System.Text.RegularExpressions.Regex.Matches(note, @"([0-9.E+-]+) → ([0-9.E+-]+)");
        Assert.Equal(2, pairs.Count);
        double Parse(string t) => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture);
        double lossBefore = Parse(pairs[0].Groups[1].Value), lossAfter = Parse(pairs[0].Groups[2].Value);
        double errorBefore = Parse(pairs[1].Groups[1].Value), errorAfter = Parse(pairs[1].Groups[2].Value);
        Assert.True(lossAfter < 0.5 * lossBefore, all);
        Assert.True(errorAfter < 0.5 * errorBefore, all);
        NumericAssert.Relative(lower.Loss, lossAfter, 1e-2, what: "the found solution's loss after the final polish");
        NumericAssert.Relative(lower.Distances[lower.MatchedEntry!], errorAfter, 1e-2, what: "the found solution's error after the final polish");

        // Independently: the polished network against the closed form on a grid, within 2× of the error the note reports.
        double theta = BratuClosedForm.Theta(0.5, 0, 1);
        var grid = Enumerable.Range(0, 41).Select(i => new[] { -1 + (i / 20.0) }).ToArray();
        var exact = grid.Select(x => BratuClosedForm.Value(theta, x[0])).ToArray();
        var values = NetworkEvaluation.Values(new ResidualNetworkShape(1, 12, 1, Activation.Tanh), lower.Parameters, grid);
        double error = Pinn.Core.LinearAlgebra.RelativeError.Rms(values, exact);
        NumericAssert.InRange(error, errorAfter / 2, Math.Min(2 * errorAfter, errorBefore / 2), "the polished solution's error to the closed form");

        // finalPasses = 0 turns it off: the same rounds, and the solution stays as its round left it (the note's "before").
        var offNotes = new List<string>();
        var off = SolutionDiscovery.Run(problem, options, new DiscoveryOptions(MaximumMembers: 2, Patience: 8, FinalPasses: 0), new ShootingOptions(-1, 10), offNotes.Add);
        Assert.DoesNotContain(offNotes, n => n.Contains("polished once more", StringComparison.Ordinal));
        var unpolished = off.Solutions.Single(s => s.Name == "found-1");
        NumericAssert.Relative(errorBefore, unpolished.Distances[unpolished.MatchedEntry!], 1e-2, what: "the solution as its round left it");
        NumericAssert.Relative(lossBefore, unpolished.Loss, 1e-2, what: "its loss");
    }
}
