using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Problems.Tests;

public class ProblemCatalogTests
{
    [Fact]
    public void BratuClosedFormsSatisfyThePde()
    {
        var problem = ProblemCatalog.Bratu(2, 1.0);
        Assert.Equal(2, problem.KnownSolutions.Count);
        foreach (var (name, exact) in problem.KnownSolutions)
        {
            // −∇²u − λeᵘ = 0 exactly (symbolic Laplacian), checked at points, and u = 0 on the sphere.
            var residual = (Expr.Negate(exact.Laplacian(2)) - (Expr.Number(1.0) * Expr.Exp(exact))).Simplify();
            var random = new Random(9);
            for (int i = 0; i < 100; i++)
            {
                double x = random.NextDouble() - 0.5, y = random.NextDouble() - 0.5;
                NumericAssert.Absolute(0, residual.Evaluate(new Dictionary<string, double> { ["x1"] = x, ["x2"] = y }), 1e-12, name);
            }

            NumericAssert.Absolute(0, exact.Evaluate(new Dictionary<string, double> { ["x1"] = 0.6, ["x2"] = 0.8 }), 1e-14, name + " on the sphere");
        }

        double u0Lower = problem.KnownSolutions["lower"].Evaluate(new Dictionary<string, double> { ["x1"] = 0, ["x2"] = 0 });
        double u0Upper = problem.KnownSolutions["upper"].Evaluate(new Dictionary<string, double> { ["x1"] = 0, ["x2"] = 0 });
        NumericAssert.Relative(0.316694, u0Lower, 2e-6);
        NumericAssert.Relative(3.842189, u0Upper, 2e-7);
    }

    [Fact]
    public void BratuBeyondTheTurningPointHasNoClosedForm()
    {
        Assert.Empty(ProblemCatalog.Bratu(2, 2.5).KnownSolutions);
    }

    [Fact]
    public void Sin2IsThePaperProblemForAnyDimensionAndK()
    {
        var paper = ProblemCatalog.Create("sin2", 2);
        Assert.Equal(20, paper.Parameters["k"]);
        Assert.Contains("analytic", paper.KnownSolutions.Keys);
        var d3 = ProblemCatalog.Create("sin2", 3, new Dictionary<string, double> { ["k"] = 5 });
        Assert.Equal(3, d3.Dimension);
        Assert.Equal(Expr.Parse("2*u"), d3.NonlinearityDerivative);
    }

    [Fact]
    public void UnknownCatalogNameAndParameterAreRejected()
    {
        var e1 = Assert.Throws<ProblemDefinitionException>(() => ProblemCatalog.Create("poisson", 2));
        Assert.Equal("catalog", e1.Field);
        var e2 = Assert.Throws<ProblemDefinitionException>(() => ProblemCatalog.Create("bratu", 2, new Dictionary<string, double> { ["k"] = 1 }));
        Assert.Equal("parameters.k", e2.Field);
    }
}
