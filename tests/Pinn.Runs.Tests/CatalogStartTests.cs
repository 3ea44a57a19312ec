using Pinn.Core.Networks;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>A start shaped like a cataloged solution: the least-squares fit of the output layer.</summary>
public class CatalogStartTests
{
    [Fact]
    public void TheOutputLayerIsTheLeastSquaresFitToTheEntry()
    {
        // sin²(r²) in the disk, the analytic entry of the k = 1 problem's catalog (closed form, no shooting needed).
        var problem = ProblemCatalog.Sin2(2, 1);
        var catalog = SolutionCatalog.Build(problem, null);
        var entry = catalog.Entries.Single(e => e.Name == "analytic");
        var shape = new ResidualNetworkShape(2, 32, 2);
        var points = SolutionClassifier.SamplePoints(2, new ClassifierOptions());
        var (theta, misfit) = CatalogStart.Fit(shape, entry, CatalogStart.Initial(shape, 7), points);

        var fitted = NetworkEvaluation.Values(shape, theta, points);
        var target = points.Select(x => entry.Evaluate(x)).ToArray();
        NumericAssert.Relative(Pinn.Core.LinearAlgebra.RelativeError.Rms(fitted, target), misfit, 1e-12, what: "the misfit it reports");
        // 33 random sigmoid features of the seeded network (measured 2.6e-3): a start Gauss–Newton on the PDE polishes.
        NumericAssert.InRange(misfit, 0, 1e-2, "relative RMS misfit of 33 fitted parameters to sin²(r²)");

        // The residual is orthogonal to the fit's column space — to the constant (bias) column and to the fit itself — up
        // to the directions of singular values below 1e-12 of the largest, which the truncated SVD drops (measured 6e-5).
        var residual = fitted.Zip(target, (a, b) => a - b).ToArray();
        double norm = Math.Sqrt(residual.Sum(v => v * v)), fitNorm = Math.Sqrt(fitted.Sum(v => v * v));
        NumericAssert.InRange(Math.Abs(residual.Sum()) / (norm * Math.Sqrt(points.Length)), 0, 1e-3, "cosine of the residual with the bias column");
        NumericAssert.InRange(Math.Abs(residual.Zip(fitted, (a, b) => a * b).Sum()) / (norm * fitNorm), 0, 1e-3, "cosine of the residual with the fit");

        // Only the output layer moved: the hidden layers are the seeded initial network's.
        var initial = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Pinn.Core.Randomness.Xoshiro256(7), initial);
        Assert.Equal(initial.AsSpan(0, shape.OutputWeightOffset).ToArray(), theta.AsSpan(0, shape.OutputWeightOffset).ToArray());
    }
}
