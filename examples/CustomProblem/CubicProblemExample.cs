using System.Globalization;
using Pinn.Core.Loss;
using Pinn.Plotting;
using Pinn.Core.Symbolic;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Shooting;
using static Pinn.Core.Symbolic.Expr;

namespace CustomProblem;

/// <summary>
/// A complete example of the library API (no JSON): the problem −∇²u + u² − 2u = f in the unit disk, manufactured
/// from u* = (1 − r²)·cos(2r) + 1/2, so u = 1/2 on the circle. The steps: build the problem from expressions,
/// find all its radial solutions by shooting, train an ensemble with BBI, classify every member and plot.
/// </summary>
public static class CubicProblemExample
{
    /// <summary>What the example produced.</summary>
    /// <param name="Catalog">The radial solutions found by shooting (and the exact one).</param>
    /// <param name="Classes">The class of every ensemble member.</param>
    /// <param name="PlotPath">The radial-slice plot.</param>
    public sealed record Result(SolutionCatalog Catalog, IReadOnlyList<string> Classes, string PlotPath);

    /// <summary>Runs the example.</summary>
    /// <param name="outputDirectory">Where the plot goes.</param>
    /// <param name="steps">BBI steps per member.</param>
    /// <param name="log">Progress text.</param>
    /// <param name="polishIterations">Gauss–Newton iterations per member after the BBI steps.</param>
    public static Result Run(string outputDirectory, int steps, TextWriter log, int polishIterations = 60)
    {
        // 1. The problem, written with the expression API: N(u) = u² − 2u, u* chosen, f and g derived exactly.
        Expr exact = ((1.0 - R2) * Cos(2.0 * R)) + 0.5;
        Expr nonlinearity = (U ^ 2.0) - (2.0 * U);
        NonlinearPoisson problem = Manufactured.From(exact, nonlinearity, dimension: 2, name: "cubic-example");
        log.WriteLine($"problem: {problem}");

        // 2. Every radial solution with u(0) in [−30, 30], by shooting; the catalogue names the one equal to u*.
        var roots = RadialShooting.FindAll(problem, new ShootingOptions(-30, 30));
        var catalog = SolutionCatalog.Build(problem, roots);
        foreach (var entry in catalog.Entries)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"solution {entry.Name}: u(0) = {entry.U0:G8}"));
        }

        // 3. Batch-solve: 3 networks from the same start, differing only in their BBI bounces, each then polished by
        //    Gauss–Newton in float64.
        var options = new RunOptions(
            new NetworkOptions(Width: 32, Depth: 2),
            new PointOptions(Interior: 1024, Boundary: 128, ResampleEvery: 500, Validation: 500),
            new LossOptions(BoundaryWeight: 100, WeightDecay: 0),
            new BbiOptions(TimeStep: 3e-3, FixedBouncePeriod: 200, ProgressBounceThreshold: 1000, FixedBounceCount: 5),
            new TrainingOptions(Steps: steps, EvaluateEvery: Math.Max(1, steps / 4), Seed: 11),
            new EnsembleOptions(Members: 3),
            Polish: new GaussNewtonOptions(Iterations: polishIterations, InteriorPoints: 768, BoundaryPoints: 96, ResampleEvery: 5));
        var trainer = new Trainer<float>(new TrainingProblem(problem.Name, problem.ToResidualForm(), problem.KnownSolutions), options);
        trainer.Run(observer: null, checkpoint: null, CancellationToken.None);

        // 4. Classify each member against the catalogue and draw the radial slices.
        var classifier = new ClassifierOptions();
        var samples = SolutionClassifier.SamplePoints(2, classifier);
        var x = Enumerable.Range(0, 201).Select(i => -1 + (i / 100.0)).ToArray();
        var series = catalog.Entries.Select(e => new Series(e.Name, x, x.Select(v => e.Evaluate([Math.Abs(v), 0])).ToArray(), Dashed: true)).ToList();
        var classes = new List<string>();
        foreach (var member in trainer.Members)
        {
            var c = SolutionClassifier.Classify(samples, trainer.EvaluateMember(member.Index, samples), catalog, classifier);
            classes.Add(c.Class);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"member {member.Index}: {c.Class} (distance {c.Distance:G3}, final loss {member.LastLoss:G4}, {member.Bounces} bounces)"));
            series.Add(new Series($"member {member.Index} ({c.Class})", x, trainer.EvaluateMember(member.Index, x.Select(v => new[] { v, 0.0 }).ToArray())));
        }

        var (plot, png) = ChartExporter.Write(new Chart("Custom problem: radial slices", new Axis("x1"), new Axis("u"), series), outputDirectory, "radial-slices");
        log.WriteLine($"plots: {plot}, {png}");
        return new Result(catalog, classes, plot);
    }
}
