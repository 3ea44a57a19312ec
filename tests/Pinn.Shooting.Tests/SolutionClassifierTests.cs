using Pinn.Core.Randomness;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Shooting.Tests;

public class SolutionClassifierTests
{
    private static readonly Lazy<SolutionCatalog> Catalog = new(() =>
    {
        var problem = ProblemCatalog.Sin2(2, 20);
        return SolutionCatalog.Build(problem, RadialShooting.FindAll(problem, new ShootingOptions(-300, 40)));
    });

    private static double Analytic(double[] x) => Math.Pow(Math.Sin(20 * ((x[0] * x[0]) + (x[1] * x[1]))), 2);

    [Fact]
    public void ExactSolutionIsClassifiedWithTinyDistance()
    {
        var c = SolutionClassifier.Classify(Analytic, 2, Catalog.Value);
        Assert.Equal("analytic", c.Class);
        Assert.True(c.Distance < 1e-6, $"distance {c.Distance}");
        Assert.True(c.IsRadial);
        Assert.True(c.Distances["shoot-2"] > 1);
    }

    [Fact]
    public void FivePercentNoiseIsStillAnalytic()
    {
        var random = new Xoshiro256(4);
        var c = SolutionClassifier.Classify(x => Analytic(x) * (1 + (0.05 * ((2 * random.NextDouble()) - 1))) + (0.05 * ((2 * random.NextDouble()) - 1)), 2, Catalog.Value);
        Assert.Equal("analytic", c.Class);
    }

    [Fact]
    public void SecondSolutionIsRecognised()
    {
        var second = Catalog.Value.Entries.Single(e => e.Name == "shoot-2");
        var c = SolutionClassifier.Classify(second.Evaluate, 2, Catalog.Value);
        Assert.Equal("shoot-2", c.Class);
    }

    [Fact]
    public void NonRadialFunctionIsFlagged()
    {
        var c = SolutionClassifier.Classify(x => Analytic(x) + (2 * x[0]), 2, Catalog.Value);
        Assert.False(c.IsRadial);
        Assert.True(c.RadialSpread > 0.5, $"spread {c.RadialSpread}");
    }

    [Fact]
    public void FarFunctionIsUnclassified()
    {
        var c = SolutionClassifier.Classify(_ => 5.0, 2, Catalog.Value);
        Assert.Equal(Classification.Unclassified, c.Class);
        Assert.True(c.Distance > c.Threshold);
    }
}
