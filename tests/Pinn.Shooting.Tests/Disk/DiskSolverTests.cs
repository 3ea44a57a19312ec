using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Shooting.Disk;

namespace Pinn.Shooting.Tests.Disk;

public sealed class DiskSolverTests
{
    [Fact]
    public void SolvesAManufacturedNonRadialProblemToOneInABillionWithQuadraticConvergence()
    {
        // u* = e^{x1} sin(x2) + x1 x2² + 0.3, N(u) = u³: f and g derived symbolically.
        var exact = ExprParser.Parse("exp(x1)*sin(x2) + x1*x2^2 + 0.3");
        var problem = Manufactured.From(exact, ExprParser.Parse("u^3"), 2);
        var solution = DiskSolver.Solve(problem, (_, _) => 0);
        Assert.True(solution.Converged, solution.Note);
        Assert.True(solution.Residual <= 1e-10, $"residual {solution.Residual:G3}");
        var u = ExprCompiler.Compile(exact, 2, problem.Parameters);
        var random = new Random(3);
        for (int i = 0; i < 100; i++)
        {
            double r = Math.Sqrt(random.NextDouble()), t = 2 * Math.PI * random.NextDouble();
            var x = new[] { r * Math.Cos(t), r * Math.Sin(t) };
            NumericAssert.Absolute(u.Evaluate(x), solution.Evaluate(x), 1e-9, $"u({x[0]:F3}, {x[1]:F3})");
        }

        // Quadratic convergence: once the residual is below 1e-2, each is at most C times the square of the one
        // before (C = 1e3 allows for the constant and for the round-off floor).
        var history = solution.Residuals;
        for (int k = 1; k < history.Count; k++)
        {
            if (history[k - 1] < 1e-2 && history[k] > 1e-13)
            {
                Assert.True(history[k] <= 1e3 * history[k - 1] * history[k - 1], $"iteration {k}: {history[k]:G3} after {history[k - 1]:G3}");
            }
        }

        Assert.True(solution.AngularVariation() > 0.1, "the solution depends on the angle");
    }

    [Fact]
    public void FindsBothBratuSolutionsOnTheDiskAsTheirClosedFormsByDeflation()
    {
        var problem = ProblemCatalog.Bratu(2, 1);
        // The upper solution is steep (b ≈ 45.6): 32 radii resolve it to 1e-10.
        var found = DiskSolver.FindAll(problem, [(_, _) => 0], new DiskSolverOptions(RadialPoints: 32, AngularPoints: 16));
        Assert.Equal(2, found.Count);
        var expected = ProblemCatalog.BratuClosedFormParameters(1).Select(p => 2 * Math.Log(1 + p.B)).OrderBy(v => v).ToArray();
        var u0 = found.Select(s => s.U0).OrderBy(v => v).ToArray();
        for (int i = 0; i < 2; i++)
        {
            NumericAssert.Relative(expected[i], u0[i], 1e-9, what: $"u(0) of solution {i}");
            Assert.True(found[i].Residual <= 1e-10, $"residual {found[i].Residual:G3}");
        }

        // Away from the centre too, against 2 ln[(1 + b)/(1 + b r²)].
        foreach (var (s, b) in found.OrderBy(s => s.U0).Zip(ProblemCatalog.BratuClosedFormParameters(1).OrderBy(p => p.B).Select(p => p.B)))
        {
            foreach (double r in new[] { 0.2, 0.55, 0.9 })
            {
                double x = r * Math.Cos(1.1), y = r * Math.Sin(1.1);
                NumericAssert.Absolute(2 * Math.Log((1 + b) / (1 + (b * r * r))), s.Evaluate(x, y), 1e-9, $"u at r = {r}");
            }
        }
    }

    [Theory]
    [InlineData("paper-2d-quick.json")]
    [InlineData("bratu-2d.json")]
    [InlineData("zero-data-2d.json")]
    public void AgreesWithShootingOnEveryRadialSolutionOfAShippedProblemToOneInOneHundredMillion(string file)
    {
        var problem = ProblemJson.ReadDocument(File.ReadAllText(TestPaths.Problem(file)), file);
        var roots = RadialShooting.FindAll(problem, new ShootingOptions(-60, 40));
        Assert.NotEmpty(roots);
        var options = new DiskSolverOptions(RadialPoints: 32, AngularPoints: 16);
        foreach (var root in roots)
        {
            var refined = DiskSolver.Refine(problem, (x, y) => root.At(Math.Sqrt((x * x) + (y * y))), options);
            Assert.True(refined.Converged, $"{file}, u(0) = {root.U0}: {refined.Note}");
            NumericAssert.Absolute(root.U0, refined.U0, 1e-8 * Math.Max(1, Math.Abs(root.U0)), $"{file}: u(0)");
            Assert.True(refined.AngularVariation() < 1e-10, "a radial solution stays radial");
        }
    }

    [Fact]
    public void RefusesAProblemInThreeDimensions()
    {
        var e = Assert.Throws<ProblemDefinitionException>(() => DiskSolver.Solve(ProblemCatalog.Bratu(3, 1), (_, _) => 0));
        Assert.Equal("dimension", e.Field);
    }

    [Fact]
    public void ReportsANewtonFailureInsteadOfReturningGarbage()
    {
        // −∇²u = 5 eᵘ has no solution on the disk (λ > 2).
        var s = DiskSolver.Solve(ProblemCatalog.Bratu(2, 1).WithParameter("lambda", 5), (_, _) => 0, new DiskSolverOptions(RadialPoints: 8, AngularPoints: 8, MaxIterations: 30));
        Assert.False(s.Converged);
        Assert.False(string.IsNullOrEmpty(s.Note));
    }
}
