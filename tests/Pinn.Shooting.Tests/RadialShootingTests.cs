using Pinn.Core.Configuration;
using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Shooting.Tests;

public class RadialShootingTests
{
    [Theory]
    [InlineData(2, "r^2*u^3")]
    [InlineData(3, "-r^1.5*u^2 + r*u")]
    public void ANonlinearityDependingOnRIsShotToItsClosedForm(int dimension, string nonlinearity)
    {
        // −∇²u + N(r, u) = f with u* = cos(r²) + 0.5: f derived symbolically; shooting must land on u* (u(0) = 1.5).
        var problem = Manufactured.From(ExprParser.Parse("cos(r^2) + 0.5"), ExprParser.Parse(nonlinearity), dimension);
        var roots = RadialShooting.FindAll(problem, new ShootingOptions(1, 2));
        var root = Assert.Single(roots);
        NumericAssert.Relative(1.5, root.U0, 1e-9, what: "u(0)");
        foreach (double r in new[] { 0.3, 0.7, 0.95 })
        {
            NumericAssert.Absolute(Math.Cos(r * r) + 0.5, root.At(r), 1e-8, $"u({r})");
        }
    }

    [Fact]
    public void ANonlinearityDependingOnDirectionIsRefusedByShootingWithItsField()
    {
        var problem = new NonlinearPoisson(2, ExprParser.Parse("x1*u^2"), Expr.Number(0), Expr.Number(0));
        var e = Assert.Throws<ProblemDefinitionException>(() => RadialShooting.FindAll(problem));
        Assert.Equal("nonlinearity", e.Field);
        Assert.Contains("not radial", e.Message, StringComparison.Ordinal);

        // Written in coordinates but radial (x1² + x2² = r²): accepted.
        var radial = new NonlinearPoisson(2, ExprParser.Parse("(x1^2 + x2^2)*u^3"), Expr.Number(0), Expr.Number(0));
        Assert.NotEmpty(RadialShooting.FindAll(radial, new ShootingOptions(-5, 5)));
    }

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

    [Theory]
    [InlineData("bratu", -1e4, 1e4, new[] { 3.842188716, 0.3166943676 })]
    [InlineData("zero-data", -1e5, 1e5, new[] { 0, -8.534114771 })]
    [InlineData("paper", -1e6, 1e6, new[] { 0, -10.2257671164 })]
    public void WideRangesStillFindEverySolution(string name, double min, double max, double[] expected)
    {
        // A uniform scan of 401 points over ±1e4 … ±1e6 steps 50 … 5000 at a time and found none of these before the
        // asinh grid and the blow-up-boundary bisection (issue 13, item 4).
        var problem = name switch { "bratu" => ProblemCatalog.Bratu(2, 1), "zero-data" => ProblemCatalog.ZeroData(2), _ => ProblemCatalog.Sin2(2, 20) };
        var scan = RadialShooting.Scan(problem, new ShootingOptions(min, max));
        Assert.Equal(expected.Length, scan.Solutions.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            NumericAssert.Absolute(expected[i], scan.Solutions[i].U0, 1e-7, $"u(0) of solution {i}");
        }

        Assert.Null(scan.Warning);
    }

    [Fact]
    public void ARangeNoGridCanResolveIsReportedWithThePointsItNeeds()
    {
        var scan = RadialShooting.Scan(ProblemCatalog.Bratu(2, 1), new ShootingOptions(-1e300, 1e300));
        Assert.NotNull(scan.Warning);
        Assert.Contains("too coarse", scan.Warning, StringComparison.Ordinal);
        // asinh(1e300) = 691.5: a step of 0.1 in asinh(s) needs 2·691.5/0.1 + 1 points.
        Assert.Contains("ScanPoints = 13831", scan.Warning, StringComparison.Ordinal);
        Assert.Null(RadialShooting.Scan(ProblemCatalog.Bratu(2, 1), new ShootingOptions(-1e4, 1e4)).Warning);
        Assert.Null(RadialShooting.Scan(ProblemCatalog.Bratu(2, 1)).Warning);
    }

    [Fact]
    public void TheDefaultRangeKeepsItsUniformGridAndWideRangesAddAnAsinhGrid()
    {
        var uniform = RadialShooting.ScanGrid(new ShootingOptions());
        Assert.Equal(401, uniform.Length);
        NumericAssert.Absolute(0.25, uniform[1] - uniform[0], 1e-12, "default spacing");
        var wide = RadialShooting.ScanGrid(new ShootingOptions(-1e4, 1e4));
        Assert.InRange(wide.Length, 790, 801);
        Assert.Equal(-1e4, wide[0]);
        Assert.Equal(1e4, wide[^1]);
        // The grid is fine near the origin: the finest interval there is below 0.25, and none is wider than 10 % of |s| far out.
        Assert.True(wide.Zip(wide.Skip(1)).Where(p => Math.Abs(p.First) < 1).All(p => p.Second - p.First < 0.25));
        Assert.True(wide.Zip(wide.Skip(1)).All(p => p.Second - p.First <= RadialShooting.ResolvedSpacing(0.5 * (p.First + p.Second))));
    }

    [Fact]
    public void SteepNonlinearitiesStartTheSeriesCloserToTheOriginInsteadOfFindingSpuriousRoots()
    {
        // Bratu in d = 3 at λ = 3 has exactly two radial solutions (u(0) = 0.958, 2.572; the branch then oscillates
        // about λ = 2). Shots from u(0) ≈ 30.6 started at r0 = 1e-6 left their trajectory (N′(s)·r0² ≈ 60) and landed
        // on the two true profiles' boundary values: two spurious roots.
        var problem = ProblemCatalog.Bratu(3, 3);
        var scan = RadialShooting.Scan(problem, new ShootingOptions(-50, 50));
        Assert.Equal(2, scan.Solutions.Count);
        NumericAssert.Absolute(2.57224277, scan.Solutions[0].U0, 1e-7, "upper");
        NumericAssert.Absolute(0.9584223804, scan.Solutions[1].U0, 1e-7, "lower");
        var start = RadialShooting.SeriesStart(new RadialProblem(problem), 30.6, new ShootingOptions());
        Assert.True(start.StartRadius < 1e-8, $"start radius {start.StartRadius}");
        var mild = RadialShooting.SeriesStart(new RadialProblem(problem), 1, new ShootingOptions());
        Assert.Equal(1e-6, mild.StartRadius);
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
    public void ARadialSourceOfHugeSizeAndFrequencyIsRadialAndACoordinateOneIsNamedAsSuch()
    {
        // |x| from rotated coordinates differs from r in the last bits; f = 1e12 sin(1e6 r²) magnifies that to ~100.
        var fast = new NonlinearPoisson(2, Expr.U ^ 2.0, Expr.Parse("1e12*sin(1e6*r^2)"), 0.0);
        Assert.Equal(2, new RadialProblem(fast).Dimension);
        var e = Assert.Throws<ProblemDefinitionException>(() => new RadialProblem(new NonlinearPoisson(2, Expr.U ^ 2.0, Expr.Parse("r^2 + 1e-3*x2"), 0.0)));
        Assert.Contains("write f in r (and parameters) instead of individual coordinates", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AScanReportsItsPhasesAsItGoes()
    {
        var reports = new System.Collections.Concurrent.ConcurrentBag<ShootingStage>();
        var scan = RadialShooting.Scan(ProblemCatalog.Bratu(2, 1), new ShootingOptions(-20, 20), new Progress(reports.Add));
        Assert.Equal(2, scan.Solutions.Count);
        var scanning = reports.Where(r => r.Phase == "scanning u(0)").ToList();
        int grid = RadialShooting.ScanGrid(new ShootingOptions(-20, 20)).Length;
        Assert.Equal(Enumerable.Range(1, grid), scanning.Select(r => r.Done).Order());
        Assert.All(scanning, r => Assert.Equal(grid, r.Total));
        Assert.Contains(reports, r => r.Phase == "resolving sign changes" && r.Done == grid - 1);
        Assert.Contains(reports, r => r.Phase == "bisecting roots" && r.Done == r.Total);
    }

    private sealed class Progress(Action<ShootingStage> report) : IProgress<ShootingStage>
    {
        public void Report(ShootingStage value) => report(value);
    }

    [Fact]
    public void BadOptionsNameTheField()
    {
        Assert.Equal("Minimum", Assert.Throws<OptionsValidationException>(() => new ShootingOptions(5, 1).Validate()).Property);
        Assert.Equal("Tolerance", Assert.Throws<OptionsValidationException>(() => new ShootingOptions(Tolerance: 0).Validate()).Property);
    }
}
