using Pinn.Core.Networks;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>A start shaped like a cataloged solution: the least-squares fit of the output layer.</summary>
public class CatalogStartTests
{
    [Fact]
    public void TheOutputLayerIsTheFilteredLeastSquaresFitAndGaussNewtonOnTheValuesImprovesIt()
    {
        // sin²(r²) in the disk, the analytic entry of the k = 1 problem's catalog (closed form, no shooting needed).
        var problem = ProblemCatalog.Sin2(2, 1);
        var catalog = SolutionCatalog.Build(problem, null);
        var entry = catalog.Entries.Single(e => e.Name == "analytic");
        var shape = new ResidualNetworkShape(2, 32, 2);
        var points = SolutionClassifier.SamplePoints(2, new ClassifierOptions());
        var (theta, misfit) = CatalogStart.Fit(shape, entry, CatalogStart.Initial(shape, 7), points, iterations: 0);

        var fitted = NetworkEvaluation.Values(shape, theta, points);
        var target = points.Select(x => entry.Evaluate(x)).ToArray();
        NumericAssert.Relative(Pinn.Core.LinearAlgebra.RelativeError.Rms(fitted, target), misfit, 1e-12, what: "the misfit it reports");
        var residual = fitted.Zip(target, (a, b) => a - b).ToArray();
        double norm = Math.Sqrt(residual.Sum(v => v * v));
        // The filtered fit of 33 random sigmoid features is rough (measured 0.155), and its residual is orthogonal to the
        // bias column, whose singular value the filter leaves alone (measured cosine 1e-7).
        NumericAssert.InRange(misfit, 0, 0.25, "relative RMS misfit of the output layer's fit to sin²(r²)");
        NumericAssert.InRange(Math.Abs(residual.Sum()) / (norm * Math.Sqrt(points.Length)), 0, 1e-5, "cosine of the residual with the bias column");

        // Only the output layer moved: the hidden layers are the seeded initial network's.
        var initial = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Pinn.Core.Randomness.Xoshiro256(7), initial);
        Assert.Equal(initial.AsSpan(0, shape.OutputWeightOffset).ToArray(), theta.AsSpan(0, shape.OutputWeightOffset).ToArray());

        // Gauss–Newton on every parameter against the values (the default 40 iterations) does much better (measured 0.035).
        var full = CatalogStart.Fit(shape, entry, CatalogStart.Initial(shape, 7), points).Misfit;
        NumericAssert.InRange(full, 0, Math.Min(0.06, misfit / 3), "misfit after Gauss–Newton on the values");
    }

    [Fact]
    public void FeaturesComeFromTheNearestNonTrivialFoundSolutionOrItsNegativeWhereTheProblemIsOdd()
    {
        // Found: u ≡ 0 (RMS 1e-6), +7.15 and 2.0 (a Hénon-like catalog); the entry missed is −7.15 (RMS 3).
        (double U0, double Rms)[] found = [(0.0, 1e-6), (7.15, 3.1), (2.0, 0.8)];
        Assert.Equal(1, CatalogStart.FeatureSource(found, -7.15, 3.0, odd: true)); // −u of +7.15: distance 0
        Assert.Equal(2, CatalogStart.FeatureSource(found, -7.15, 3.0, odd: false)); // nearest in u(0): 2.0 (9.15 against 14.3)

        // u ≡ 0 is nearest in u(0) to an entry at 0.5, but its RMS is below 1e-3 of the entry's: never a source.
        Assert.Equal(2, CatalogStart.FeatureSource(found, 0.5, 0.2, odd: false));
        Assert.Equal(-1, CatalogStart.FeatureSource([(0.0, 1e-6)], 0.5, 0.2, odd: true));

        // The threshold is relative to the entry: the same RMS 1e-6 counts for an entry of RMS 1e-4 (ratio 1e-2).
        Assert.Equal(0, CatalogStart.FeatureSource([(0.0, 1e-6)], 1e-4, 1e-4, odd: false));

        // A NaN RMS (a diverged network) is never a source; ties go to the first found.
        Assert.Equal(-1, CatalogStart.FeatureSource([(3.0, double.NaN)], 3.0, 1.0, odd: false));
        Assert.Equal(0, CatalogStart.FeatureSource([(1.0, 1.0), (3.0, 1.0)], 2.0, 1.0, odd: false));
        Assert.Equal(-1, CatalogStart.FeatureSource([], 2.0, 1.0, odd: false));
    }

    [Fact]
    public void SharpenedFeaturesScaleTheFirstLayerOnly()
    {
        var shape = new Pinn.Core.Networks.ResidualNetworkShape(3, 8, 2, Pinn.Core.Networks.Activation.Sigmoid);
        var plain = CatalogStart.Initial(shape, 5);
        var sharp = CatalogStart.Sharpened(shape, 5);
        int firstLayer = shape.BiasOffset(0) + shape.Width; // W₀ (8 × 3) and b₀ (8)
        Assert.Equal(8 * 4, firstLayer);
        for (int i = 0; i < plain.Length; i++)
        {
            Assert.Equal(i < firstLayer ? CatalogStart.SharpeningFactor * plain[i] : plain[i], sharp[i]);
        }
    }

    [Fact]
    public void TheAnchorKeepsARoughStartNearItsEntryWhereThePlainPolishLeavesForAnotherSolution()
    {
        // Bratu λ = 1 (d = 2, closed forms): a rough fit (output layer only) of a small network to the upper solution.
        var problem = ProblemCatalog.Bratu(2, 1);
        var entries = SolutionCatalog.Build(problem, null).Entries;
        var upper = entries.Single(e => e.Name == "upper");
        var shape = new ResidualNetworkShape(2, 8, 1);
        var points = CatalogStart.Points(2, 3);
        var (start, misfit) = CatalogStart.Fit(shape, upper, CatalogStart.Initial(shape, 3), points, iterations: 0);
        var form = problem.ToResidualForm();
        var loss = new Pinn.Core.Loss.LossOptions();
        var pde = PdeSystem(form, shape, loss, points);
        double before = pde.Evaluate(start, new double[pde.Rows], null);
        var test = CatalogStart.Points(2, 11);
        double ErrorTo(CatalogEntry e, double[] theta) => Pinn.Core.LinearAlgebra.RelativeError.Rms(NetworkEvaluation.Values(shape, theta, test), test.Select(x => e.Evaluate(x)).ToArray());

        var (anchored, after) = CatalogStart.Anchor(form, shape, loss, upper, start, points);

        // Measured: PDE loss 71.8 → 6.8, error to the upper solution 0.17 → 0.13.
        NumericAssert.Relative(pde.Evaluate(anchored, new double[pde.Rows], null), after, 1e-12, what: "the PDE loss it reports");
        NumericAssert.InRange(after, 0, 0.2 * before, "PDE loss after the anchor, relative to the start's");
        NumericAssert.InRange(ErrorTo(upper, anchored), 0, misfit, "relative error to the upper solution after the anchor");

        // The same number of Gauss–Newton iterations on the PDE loss alone leaves for the lower solution (measured: error
        // 0.90 to the upper one, 4.6e-3 to the lower one, PDE loss 2e-4).
        var plain = start.ToArray();
        var polisher = new Pinn.Optimizers.GaussNewton(pde, new Pinn.Optimizers.GaussNewtonOptions(Tolerance: 0));
        int stages = (int)Math.Round(Math.Log10(CatalogStart.AnchorFirstRatio / CatalogStart.AnchorLastRatio)) + 1;
        for (int i = 0; i < stages * CatalogStart.AnchorStageIterations && !polisher.Finished; i++)
        {
            polisher.Iterate(plain);
        }

        NumericAssert.InRange(ErrorTo(upper, plain), 0.5, double.PositiveInfinity, "relative error to the upper solution without the anchor");
        Assert.Throws<ArgumentException>(() => CatalogStart.Anchor(form, shape, loss, upper, start, points.Take(100).ToList()));

        // A start whose loss is not finite is handed on unchanged, with its loss, rather than anchored on NaN.
        var broken = start.ToArray();
        broken[0] = double.NaN;
        var (same, nan) = CatalogStart.Anchor(form, shape, loss, upper, broken, points);
        Assert.True(double.IsNaN(nan), $"loss {nan}");
        Assert.Equal(broken, same);
    }

    private static Pinn.Core.Loss.PinnLeastSquares PdeSystem(Pinn.Core.Problems.ResidualForm form, ResidualNetworkShape shape, Pinn.Core.Loss.LossOptions options, IReadOnlyList<double[]> points)
    {
        var backend = new Pinn.Core.Compute.Cpu.CpuBackend<double>(1);
        var loss = new Pinn.Core.Loss.PinnLoss<double>(backend, form, shape, CatalogStart.InteriorPoints, CatalogStart.SpherePoints, options);
        loss.SetPoints(points.SelectMany(x => x).ToArray());
        return new Pinn.Core.Loss.PinnLeastSquares(loss, backend);
    }
}
