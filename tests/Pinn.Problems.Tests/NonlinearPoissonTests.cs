using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Problems.Tests;

public class NonlinearPoissonTests
{
    private static ProblemDefinitionException Fails(Func<NonlinearPoisson> create) => Assert.Throws<ProblemDefinitionException>(() => create());

    [Fact]
    public void StatementShowsTheParameterValues()
    {
        string text = ProblemCatalog.Sin2(2, 5).ToString();
        Assert.StartsWith("-lap(u) + u^2 = ", text);
        Assert.EndsWith("on the sphere; k = 5", text);
        Assert.EndsWith("on the sphere", ProblemCatalog.ZeroData(2).ToString());
    }

    [Theory]
    [InlineData("1/0", "0", "u^2", "source")]
    [InlineData("log(r - 2)", "0", "u^2", "source")]
    [InlineData("0", "log(r - 2)", "u^2", "boundary")]
    [InlineData("0", "0", "log(-u^2 - 1)", "nonlinearity")]
    public void NonFiniteDataIsRefusedNamingTheField(string source, string boundary, string nonlinearity, string field)
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.Parse(nonlinearity), Expr.Parse(source), Expr.Parse(boundary)));
        Assert.Equal(field, e.Field);
        Assert.Contains("not finite", e.Message);

        // A removable singularity at the origin (sin(2r)/r → 2) and an N that is finite only for u > 0 are accepted.
        Assert.NotNull(new NonlinearPoisson(2, Expr.Parse("log(u)"), Expr.Parse("sin(2*r)/r"), 0.0));
    }

    [Fact]
    public void CoordinateBeyondDimensionIsNamed()
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.U ^ 2.0, Expr.Z, 0.0));
        Assert.Equal("source", e.Field);
        Assert.Contains("x3", e.Message);
    }

    [Fact]
    public void UnknownInSourceIsNamed()
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.U ^ 2.0, Expr.U, 0.0));
        Assert.Equal("source", e.Field);
        Assert.Contains("must not depend on the unknown u", e.Message);
    }

    [Fact]
    public void UnknownInBoundaryIsNamed()
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.U ^ 2.0, 0.0, Expr.U + 1.0));
        Assert.Equal("boundary", e.Field);
    }

    [Fact]
    public void TheNonlinearityMayUseThePointButOnlyCoordinatesOfItsDimension()
    {
        var henon = new NonlinearPoisson(2, Pinn.Core.Symbolic.ExprParser.Parse("-r^2*u^3 + x1*u"), 0.0, 0.0);
        Assert.True(henon.NonlinearityDependsOnX);
        Assert.False(new NonlinearPoisson(2, Expr.U ^ 2.0, 0.0, 0.0).NonlinearityDependsOnX);
        var e = Fails(() => new NonlinearPoisson(2, Pinn.Core.Symbolic.ExprParser.Parse("x3*u"), 0.0, 0.0));
        Assert.Equal("nonlinearity", e.Field);
        Assert.Contains("x3", e.Message);

        // N evaluated at a point: −r²u³ + x1·u at x = (0.5, 0), u = 2 is −0.25·8 + 1 = −1.
        var n = Pinn.Core.Symbolic.ExprCompiler.Compile(henon.Nonlinearity, 2, henon.Parameters);
        Assert.Equal(-1.0, n.Evaluate([0.5, 0.0], 2), 12);
    }

    [Fact]
    public void NonFiniteConstantIsNamed()
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.U ^ 2.0, double.PositiveInfinity, 0.0));
        Assert.Equal("source", e.Field);
        Assert.Contains("non-finite", e.Message);
    }

    [Fact]
    public void NonFiniteParameterIsNamed()
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.U ^ 2.0, Expr.Parameter("k"), 0.0, new Dictionary<string, double> { ["k"] = double.NaN }));
        Assert.Equal("parameters.k", e.Field);
    }

    [Fact]
    public void UnboundParameterIsNamed()
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.U ^ 2.0, Expr.Parameter("k"), 0.0));
        Assert.Equal("source", e.Field);
        Assert.Contains("'k'", e.Message);
    }

    [Fact]
    public void BadDimensionIsNamed()
    {
        Assert.Equal("dimension", Fails(() => new NonlinearPoisson(0, Expr.U, 0.0, 0.0)).Field);
    }

    [Fact]
    public void KnownSolutionWithUIsNamed()
    {
        var e = Fails(() => new NonlinearPoisson(2, Expr.U, 0.0, 0.0, null, new Dictionary<string, Expr> { ["bad"] = Expr.U }));
        Assert.Equal("solutions.bad", e.Field);
    }

    [Fact]
    public void DerivativeOfNonlinearityIsExact()
    {
        var p = new NonlinearPoisson(1, Expr.Parse("u^3 + sin(u)"), 0.0, 0.0);
        Assert.Equal(3.0 * 4 + Math.Cos(2), p.NonlinearityDerivative.Evaluate(new Dictionary<string, double> { ["u"] = 2 }), 12);
    }
}
