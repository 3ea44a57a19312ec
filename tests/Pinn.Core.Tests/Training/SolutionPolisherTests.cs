using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training;

/// <summary>Polishing one network on its own, undeflated, and measuring it as a run does.</summary>
public class SolutionPolisherTests
{
    private static RunOptions Options(long steps) => new(
        new NetworkOptions(12, 1, Activation.Tanh),
        new PointOptions(64, 2, 0, 200),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 0),
        new AdamOptions(LearningRate: 1e-2),
        new TrainingOptions(Steps: steps, EvaluateEvery: steps, Seed: 3, Precision: Precision.F64, Threads: 1),
        new EnsembleOptions(1),
        new GaussNewtonOptions(Iterations: 80, Tolerance: 1e-12, ResampleEvery: 0));

    [Fact]
    public void PolishingAFirstOrderResultReachesTheLowerBratuSolutionAndMeasuresAsTheTrainerDoes()
    {
        // −u″ = λeᵘ on (−1, 1), u(±1) = 0, λ = 1/2; the lower solution u = 2 ln(cosh θ / cosh θx) in closed form.
        var p = ProblemCatalog.Bratu(1, 0.5);
        var problem = new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
        using var adam = new Trainer<double>(problem, Options(300) with { Polish = null });
        adam.Run(null, null, CancellationToken.None);
        var start = adam.Parameters(0);

        var grid = Enumerable.Range(0, 21).Select(i => new[] { -1 + (i / 10.0) }).ToArray();
        double theta = BratuClosedForm.Theta(0.5, 0, 1);
        var exact = grid.Select(x => BratuClosedForm.Value(theta, x[0])).ToArray();
        var shape = new ResidualNetworkShape(1, 12, 1, Activation.Tanh);
        double Error(double[] parameters) => Core.LinearAlgebra.RelativeError.Rms(NetworkEvaluation.Values(shape, parameters, grid), exact);

        var (polished, loss, _) = SolutionPolisher.Polish(problem, Options(300), start);
        Assert.True(Error(polished) < Error(start) / 10, $"error {Error(start):E3} → {Error(polished):E3}");
        NumericAssert.InRange(Error(polished), 0, 1e-4, "polished error to the closed form");
        Assert.True(loss < 1e-8, $"final loss {loss:E3}");

        // The measure is the trainer's own validation metric for the same θ (same points, float64).
        var measured = SolutionPolisher.Measure(problem, Options(300) with { Polish = null }, start);
        var own = adam.Evaluate()[0];
        NumericAssert.Relative(own.Loss, measured.Loss, 1e-12, what: "validation loss");
        NumericAssert.Relative(own.MeanSquareValue, measured.MeanSquareValue, 1e-12, what: "mean u²");
        Assert.Throws<ArgumentException>(() => SolutionPolisher.Polish(problem, Options(300) with { Polish = null }, start));
    }

    [Fact]
    public void TheUndeflatedPolishLowersTheErrorOfASolutionFoundWhileDeflated()
    {
        // Deflated against the lower Bratu solution, the trainer finds the upper one, but the deflation factor still
        // weighs its loss; polished again undeflated it comes closer to the closed form (measured: 1.0e-6 → 4.6e-7).
        var p = ProblemCatalog.Bratu(1, 0.5);
        var problem = new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
        double lower = BratuClosedForm.Theta(0.5, 0, 1), upper = BratuClosedForm.Theta(0.5, 1, 4);
        using var trainer = new Trainer<double>(problem, Options(300) with { Deflation = new DeflationOptions(Points: 64) });
        trainer.Deflate(x => BratuClosedForm.Value(lower, x[0]));
        trainer.Run(null, null, CancellationToken.None);
        var deflated = trainer.Parameters(0);

        var grid = Enumerable.Range(0, 41).Select(i => new[] { -1 + (i / 20.0) }).ToArray();
        var exact = grid.Select(x => BratuClosedForm.Value(upper, x[0])).ToArray();
        var shape = new ResidualNetworkShape(1, 12, 1, Activation.Tanh);
        double Error(double[] parameters) => Core.LinearAlgebra.RelativeError.Rms(NetworkEvaluation.Values(shape, parameters, grid), exact);

        NumericAssert.InRange(Error(deflated), 0, 1e-4, "deflated: the upper solution");
        var (polished, _, _) = SolutionPolisher.Polish(problem, Options(300), deflated);
        Assert.True(Error(polished) < Error(deflated) / 1.5, $"error to the upper solution: deflated {Error(deflated):E3}, then undeflated {Error(polished):E3}");
    }
}
