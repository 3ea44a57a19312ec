using Pinn.Core.Configuration;
using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Shooting.Tests;

public class RadialShootingTests
{
    [Fact]
    public void BratuHasExactlyItsTwoClosedFormSolutionsAtLambdaOne()
    {
        var roots = RadialShooting.FindAll(ProblemCatalog.Bratu(2, 1), new ShootingOptions(-20, 20));
        Assert.Equal(2, roots.Count);
        // Closed form u(0) = 2 ln(1 + b), b = 3 ± 2√2.
        NumericAssert.Absolute(2 * Math.Log(4 + (2 * Math.Sqrt(2))), roots[0].U0, 1e-8, "upper");
        NumericAssert.Absolute(2 * Math.Log(4 - (2 * Math.Sqrt(2))), roots[1].U0, 1e-8, "lower");
        NumericAssert.Absolute(3.842189, roots[0].U0, 1e-6);
        NumericAssert.Absolute(0.316694, roots[1].U0, 1e-6);
    }

    [Fact]
    public void BratuBeyondTheTurningPointHasNoSolution()
    {
        Assert.Empty(RadialShooting.FindAll(ProblemCatalog.Bratu(2, 2.5), new ShootingOptions(-20, 20)));
    }

    [Fact]
    public void PaperProblemHasExactlyTwoSolutions()
    {
        var problem = ProblemCatalog.Sin2(2, 20);
        var roots = RadialShooting.FindAll(problem, new ShootingOptions(-300, 40));
        Assert.Equal(2, roots.Count);
        NumericAssert.Absolute(0, roots[0].U0, 1e-8, "analytic u(0)");
        NumericAssert.Absolute(-10.2257671164, roots[1].U0, 1e-8, "second solution u(0)");
        for (int i = 0; i <= 200; i++)
        {
            double r = i / 200.0;
            NumericAssert.Absolute(Math.Pow(Math.Sin(20 * r * r), 2), roots[0].At(r), 1e-8, $"analytic profile at r={r}");
        }

        var catalog = SolutionCatalog.Build(problem, roots);
        Assert.Equal(["analytic", "shoot-2"], catalog.Entries.Select(e => e.Name).ToArray());
    }

    [Fact]
    public void ZeroDataProblemHasTheTrivialAndOneNegativeSolution()
    {
        var roots = RadialShooting.FindAll(ProblemCatalog.ZeroData(2), new ShootingOptions(-50, 50));
        Assert.Equal(2, roots.Count);
        NumericAssert.Absolute(0, roots[0].U0, 1e-10, "trivial");
        NumericAssert.Absolute(-8.534115, roots[1].U0, 2e-6, "negative solution");
    }

    [Fact]
    public void NoSolutionInRangeGivesEmptyList()
    {
        Assert.Empty(RadialShooting.FindAll(ProblemCatalog.Bratu(2, 1), new ShootingOptions(10, 20)));
    }

    [Fact]
    public void PoissonBoltzmannNonlinearityWrittenAsSinh()
    {
        // −∇²u + sinh(u) = f with u* = 1 − r² in d = 2 (−∇²u* = 4): shooting finds u(0) = 1 and the profile.
        var problem = new NonlinearPoisson(2, Expr.Parse("sinh(u)"), Expr.Parse("4 + sinh(1 - r^2)"), 0.0);
        var roots = RadialShooting.FindAll(problem, new ShootingOptions(-5, 5));
        var root = Assert.Single(roots);
        NumericAssert.Absolute(1, root.U0, 1e-8, "u(0)");
        NumericAssert.Absolute(1 - 0.25, root.At(0.5), 1e-8, "u(0.5)");
        Assert.Equal("cosh(u)", problem.NonlinearityDerivative.ToString());
    }

    [Fact]
    public void NonRadialSourceIsRefused()
    {
        var problem = new NonlinearPoisson(2, Expr.U ^ 2.0, Expr.X, 0.0);
        var e = Assert.Throws<ProblemDefinitionException>(() => RadialShooting.FindAll(problem));
        Assert.Equal("source", e.Field);
        Assert.Contains("not radial", e.Message);
    }

    [Fact]
    public void BadOptionsNameTheField()
    {
        Assert.Equal("Minimum", Assert.Throws<OptionsValidationException>(() => new ShootingOptions(5, 1).Validate()).Property);
        Assert.Equal("Tolerance", Assert.Throws<OptionsValidationException>(() => new ShootingOptions(Tolerance: 0).Validate()).Property);
    }
}
