using Pinn.Core.Symbolic;

namespace Pinn.Core.Tests.Symbolic;

public class ExprCompilerTests
{
    [Theory]
    [InlineData("sin(20*r^2)^2", 2)]
    [InlineData("(3 - 4*(1 + 6400*r^2)*cos(40*r^2) + cos(80*r^2) - 640*sin(40*r^2))/8", 2)]
    [InlineData("x1^3*r + log(1 + r^2) - k*x3", 3)]
    [InlineData("-k*exp(u) + u^2 + 2^x1 + abs(x1)^0.5", 1)]
    [InlineData("sinh(u) - cosh(k*r) + asinh(x1) + atan(x1*u) + erf(u - r)", 2)]
    public void CompiledEqualsTreeEvaluation(string text, int d)
    {
        var e = Expr.Parse(text);
        var parameters = new Dictionary<string, double> { ["k"] = 1.5 };
        var compiled = ExprCompiler.Compile(e, d, parameters);
        var random = new Random(5);
        const int n = 200;
        var points = new double[n * d];
        var u = new double[n];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = (random.NextDouble() * 2) - 1;
        }

        for (int i = 0; i < n; i++)
        {
            u[i] = random.NextDouble() * 3;
        }

        var output = new double[n];
        compiled.EvaluateBatch(points, n, u, output);
        for (int p = 0; p < n; p++)
        {
            var b = new Dictionary<string, double>(parameters) { ["u"] = u[p] };
            for (int i = 0; i < d; i++)
            {
                b["x" + (i + 1)] = points[(p * d) + i];
            }

            // Same operations in the same order: bitwise equal.
            Assert.Equal(e.Evaluate(b), output[p]);
        }
    }

    [Fact]
    public void UnboundParameterAndOutOfRangeCoordinateAreClearErrors()
    {
        var e1 = Assert.Throws<ArgumentException>(() => ExprCompiler.Compile(Expr.Parse("k*x"), 2));
        Assert.Contains("'k'", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => ExprCompiler.Compile(Expr.Parse("x3"), 2));
        Assert.Contains("x3", e2.Message);
    }

    [Fact]
    public void OperatorOverloadsBuildTheSameTreeAsTheParser()
    {
        var built = Expr.Sin(20.0 * Expr.R2) ^ 2.0;
        Assert.Equal(Expr.Parse("sin(20*r^2)^2"), built);
    }
}
