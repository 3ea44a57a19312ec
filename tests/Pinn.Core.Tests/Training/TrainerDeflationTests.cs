using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training;

/// <summary>The deflated first-order loss M²·D + λ‖θ‖² and its gradient, checked against central differences in float64.</summary>
public class TrainerDeflationTests
{
    private static RunOptions Options() => new(
        new NetworkOptions(8, 1, Activation.Tanh),
        new PointOptions(64, 16, 0, 50),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-3),
        new AdamOptions(),
        new TrainingOptions(Steps: 10, EvaluateEvery: 10, Seed: 4, Precision: Precision.F64, Threads: 1),
        new EnsembleOptions(1),
        Deflation: new DeflationOptions(Power: 2, Shift: 1, Points: 64, FirstOrder: true));

    [Fact]
    public void TheDeflatedGradientMatchesCentralDifferences()
    {
        var p = ProblemCatalog.Sin2(2, 1);
        using var trainer = new Trainer<double>(new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions), Options());
        var theta = trainer.Parameters(0);
        var plainGradient = new double[theta.Length];
        double plain = trainer.StepLoss(0, plainGradient);
        trainer.Deflate(x => Math.Pow(Math.Sin((x[0] * x[0]) + (x[1] * x[1])), 2));
        trainer.Deflate(x => 0.2 - x[0]);
        Assert.Equal(2, trainer.DeflatedSolutions);
        var gradient = new double[theta.Length];
        double deflated = trainer.StepLoss(0, gradient);
        Assert.True(deflated > plain, $"deflated {deflated} vs plain {plain}");

        const double h = 1e-6;
        var shape = trainer.Shape;
        foreach (int i in new[] { 0, 3, shape.BiasOffset(0) + 1, shape.WeightOffset(1) + 9, shape.OutputWeightOffset + 4, shape.OutputBiasOffset })
        {
            double Loss(double delta)
            {
                var t = (double[])theta.Clone();
                t[i] += delta;
                trainer.WarmStart(0, t);
                return trainer.StepLoss(0, new double[theta.Length]);
            }

            double fd = (Loss(h) - Loss(-h)) / (2 * h);
            NumericAssert.Relative(fd, gradient[i], 1e-6, floor: 1e-8, what: $"∂V/∂θ_{i}");
        }

        Assert.Throws<InvalidOperationException>(() => trainer.Save(Path.Combine(Path.GetTempPath(), "never.bin")));
    }
}
