using Pinn.Core.Symbolic;

namespace Pinn.Core.Tests.Symbolic;

public class DifferentiationTests
{
    private static readonly string[] Functions =
    [
        "sin(20*r^2)^2",
        "exp(-x1^2)*cos(3*r)",
        "x1^3*r + log(1 + r^2)",
        "tanh(x1 - 0.5*r)*sqrt(2 + r^2)",
        "r^2",
        "1/(1 + r^2) + abs(x1 + 3)",
        "2^x1 + (1 + r^2)^(x1 + 2)",
        "tan(0.3*x1)*exp(r)",
        "sinh(x1*r) + cosh(0.5*r) - asinh(3*x1)",
        "atan(2*x1 - r)*erf(1.5*r - x1)",
    ];

    private static Dictionary<string, double> Point(double[] x)
    {
        var b = new Dictionary<string, double>();
        for (int i = 0; i < x.Length; i++)
        {
            b["x" + (i + 1)] = x[i];
        }

        return b;
    }

    private static double At(Expr e, double[] x) => e.Evaluate(Point(x));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GradientMatchesCentralDifferences(int d)
    {
        var random = new Random(7 + d);
        foreach (var text in Functions)
        {
            var e = Expr.Parse(text);
            if (d < 1)
            {
                continue;
            }

            for (int trial = 0; trial < 20; trial++)
            {
                var x = Enumerable.Range(0, d).Select(_ => (random.NextDouble() * 1.6) - 0.8).ToArray();
                for (int i = 0; i < d; i++)
                {
                    var derivative = e.Derivative("x" + (i + 1));
                    double h = 1e-5;
                    var xp = (double[])x.Clone();
                    var xm = (double[])x.Clone();
                    xp[i] += h;
                    xm[i] -= h;
                    double fd = (At(e, xp) - At(e, xm)) / (2 * h);
                    NumericAssert.Relative(fd, At(derivative, x), 2e-6, floor: 1, what: $"d/dx{i + 1} of {text} at d={d}");
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LaplacianMatchesCentralDifferences(int d)
    {
        var random = new Random(11 + d);
        foreach (var text in Functions)
        {
            var e = Expr.Parse(text);
            var laplacian = e.Laplacian(d);
            for (int trial = 0; trial < 20; trial++)
            {
                var x = Enumerable.Range(0, d).Select(_ => (random.NextDouble() * 1.6) - 0.8).ToArray();
                double h = 1e-4, fd = 0, f0 = At(e, x);
                for (int i = 0; i < d; i++)
                {
                    var xp = (double[])x.Clone();
                    var xm = (double[])x.Clone();
                    xp[i] += h;
                    xm[i] -= h;
                    fd += (At(e, xp) - (2 * f0) + At(e, xm)) / (h * h);
                }

                // Second differences in double carry ~1e-8 · |f|/h² of rounding; scale the floor accordingly.
                NumericAssert.Relative(fd, At(laplacian, x), 2e-5, floor: 10, what: $"laplacian of {text} at d={d}");
            }
        }
    }

    [Fact]
    public void RadialLaplacianHasNoSpuriousSingularity()
    {
        // ∇²(r²) = 2d exactly, also at r = 0 where a naive (d−1)/r · 2r would be 0/0.
        Assert.Equal(Expr.Number(4), Expr.Parse("r^2").Laplacian(2));
        var lap = Expr.Parse("sin(20*r^2)^2").Laplacian(2);
        Assert.DoesNotContain("/r", lap.ToString());
        double atOrigin = lap.Evaluate(new Dictionary<string, double> { ["x1"] = 0, ["x2"] = 0 });
        Assert.True(double.IsFinite(atOrigin));
    }

    [Fact]
    public void PartialWithRespectToUAndParameters()
    {
        Assert.Equal(Expr.Parse("2*u"), Expr.Parse("u^2").Derivative("u"));
        Assert.Equal(Expr.Parse("-lambda*exp(u)").Simplify(), Expr.Parse("-lambda*exp(u)").Derivative("u"));
        Assert.Equal("-exp(u)*lambda", Expr.Parse("-lambda*exp(u)").Derivative("u").ToString());
        Assert.Equal(Expr.Parse("-exp(u)"), Expr.Parse("-lambda*exp(u)").Derivative("lambda"));
    }

    [Fact]
    public void LaplacianRejectsCoordinatesBeyondTheDimension()
    {
        var e = Assert.Throws<ArgumentException>(() => Expr.Parse("x3^2").Laplacian(2));
        Assert.Contains("x3", e.Message);
    }
}
