using Pinn.Core.Loss;
using Pinn.Core.Symbolic;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Runs;
using Pinn.Shooting;
using static Pinn.Core.Symbolic.Expr;

namespace CustomProblem;

/// <summary>
/// The library API in one page: define −∇²u + u² − 2u = f in the unit disk, manufactured from
/// u* = (1 − r²)·cos(2r) + 1/2 (so u = 1/2 on the circle), batch-solve it (shooting catalog, BBI ensemble,
/// Gauss–Newton polish, classification) and save the radial-slice plot; or discover every solution by deflation.
/// </summary>
public static class CubicProblemExample
{
    /// <summary>Runs the example.</summary>
    /// <param name="outputDirectory">Where the plot goes.</param>
    /// <param name="steps">BBI steps per member.</param>
    /// <param name="log">Progress text.</param>
    /// <param name="polishIterations">Gauss–Newton iterations per member after the BBI steps.</param>
    public static BatchResult Run(string outputDirectory, int steps, TextWriter log, int polishIterations = 60)
    {
        var (problem, options) = Setup(steps, polishIterations);
        BatchResult result = BatchSolver.Solve(problem, options, new ShootingOptions(-30, 30));

        log.WriteLine($"problem: {result.Problem}");
        log.WriteLine($"catalog: {string.Join(", ", result.Catalog.Entries.Select(e => $"{e.Name} (u(0) = {e.U0:G8})"))}");
        foreach (var m in result.Members)
        {
            log.WriteLine($"member {m.Index}: {m.Class} (error to its class {m.ErrorToClass:G3}, final loss {m.FinalLoss:G4}, {m.Bounces} bounces)");
        }

        var (svg, png) = result.PlotRadialSlices(outputDirectory);
        log.WriteLine($"plots: {svg}, {png}");
        return result;
    }

    /// <summary>Finds every solution on purpose: members deflated against the solutions found before them.</summary>
    /// <param name="outputDirectory">Where solutions.json and the plot go.</param>
    /// <param name="steps">BBI steps of the first round's members.</param>
    /// <param name="log">Progress text.</param>
    /// <param name="polishIterations">Gauss–Newton iterations per member.</param>
    /// <param name="maximumMembers">Members at most (rounds of 3).</param>
    /// <param name="seed">The run's seed (points, initial networks, bounces).</param>
    public static DiscoveryResult Discover(string outputDirectory, int steps, TextWriter log, int polishIterations = 60, int maximumMembers = 12, ulong seed = 11)
    {
        var (problem, options) = Setup(steps, polishIterations);
        options = options with { Training = options.Training with { Seed = seed } };
        DiscoveryResult result = SolutionDiscovery.Run(problem, options, new DiscoveryOptions(MaximumMembers: maximumMembers), new ShootingOptions(-30, 30), log.WriteLine);

        log.WriteLine($"found {result.Solutions.Count} solution(s) ({result.StopReason}); cataloged but missed: {string.Join(", ", result.MissedEntries)}");
        foreach (var s in result.Solutions)
        {
            // The member kept for each solution is the one with the lowest loss, not always the first that reached it.
            string match = s.MatchedEntry is { } entry ? $"cataloged {entry}, error {s.Distances[entry]:G3}" : "not in the catalog";
            log.WriteLine($"  {s.Name}: u(0) = {s.U0:G6}, {match} (member {s.Member}, loss {s.Loss:G3})");
        }

        result.Save(outputDirectory);
        return result;
    }

    /// <summary>The problem, written with the expression API (N(u) = u² − 2u, u* chosen, f and g derived exactly), and the run options.</summary>
    private static (NonlinearPoisson Problem, RunOptions Options) Setup(int steps, int polishIterations)
    {
        Expr exact = ((1.0 - R2) * Cos(2.0 * R)) + 0.5;
        NonlinearPoisson problem = Manufactured.From(exact, nonlinearity: (U ^ 2.0) - (2.0 * U), dimension: 2, name: "cubic-example");
        var options = new RunOptions(
            new NetworkOptions(Width: 32, Depth: 2),
            new PointOptions(Interior: 1024, Boundary: 128, ResampleEvery: 500, Validation: 500),
            new LossOptions(BoundaryWeight: 100, WeightDecay: 0),
            new BbiOptions(TimeStep: 3e-3, FixedBouncePeriod: 200, ProgressBounceThreshold: 1000, FixedBounceCount: 5),
            new TrainingOptions(Steps: steps, EvaluateEvery: Math.Max(1, steps / 4), Seed: 11),
            new EnsembleOptions(Members: 3),
            Polish: new GaussNewtonOptions(Iterations: polishIterations, InteriorPoints: 768, BoundaryPoints: 96, ResampleEvery: 5));
        return (problem, options);
    }
}
