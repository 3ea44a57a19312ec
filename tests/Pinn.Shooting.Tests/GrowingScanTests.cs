using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Shooting.Tests;

/// <summary>The shooting range chosen from the problem: doubled until the roots stop changing.</summary>
public class GrowingScanTests
{
    [Fact]
    public void TheRangeGrowsUntilTwoDoublingsFindNoNewRoot()
    {
        // sin²(5r²) in the disk: radial solutions at u(0) = 0 and −10.13. From [−5, 5]: one root, [−10, 10] still one
        // (one unchanged doubling would stop here and miss −10.13), [−20, 20] both, [−40, 40] and [−80, 80] both again.
        var problem = ProblemCatalog.Sin2(2, 5);
        var grown = GrowingScan.Run(problem, new ShootingOptions(-5, 5, ScanPoints: 101, GrowRange: true));
        Assert.True(grown.Settled);
        Assert.Equal((-80.0, 80.0), (grown.Range.Minimum, grown.Range.Maximum));
        Assert.Equal(2, grown.Scan.Solutions.Count);
        Assert.Contains(grown.Scan.Solutions, s => Math.Abs(s.U0 + 10.13155252) < 1e-6);
        Assert.Contains("grown from [-5, 5]", grown.Describe(new ShootingOptions(-5, 5, ScanPoints: 101, GrowRange: true)), StringComparison.Ordinal);

        // Without GrowRange: the one range given.
        var fixedRange = GrowingScan.Run(problem, new ShootingOptions(-5, 5, ScanPoints: 101));
        Assert.Equal((-5.0, 5.0), (fixedRange.Range.Minimum, fixedRange.Range.Maximum));
        Assert.Single(fixedRange.Scan.Solutions);
        Assert.Equal("u(0) in [-5, 5]", fixedRange.Describe(new ShootingOptions(-5, 5, ScanPoints: 101)));
    }

    [Fact]
    public void AFamilyWithoutEndKeepsTheNarrowestRangeThatHoldsARootWithAWarning()
    {
        // −∇²u = u³, u = 0 in the disk: u ≡ 0, ±3.5739 (the ground state) and sign-changing radial solutions whose u(0)
        // grows with their nodes, without end. Every doubling from [−10, 10] finds new roots, until a scan holds more than
        // GrowingScan.MaximumRoots.
        var problem = new NonlinearPoisson(2, ExprParser.Parse("-u^3"), Expr.Number(0), Expr.Number(0), name: "cubic");
        var first = new ShootingOptions(-10, 10, ScanPoints: 201, GrowRange: true);
        var grown = GrowingScan.Run(problem, first);
        Assert.False(grown.Settled);
        Assert.Equal((-10.0, 10.0), (grown.Range.Minimum, grown.Range.Maximum));
        Assert.True(grown.WidestRoots > GrowingScan.MaximumRoots, $"{grown.WidestRoots} roots in the widest range");
        Assert.True(grown.Widest!.Maximum < 10 * 256, $"the growth went on to {grown.Widest.Maximum}");
        Assert.Equal(3, grown.Scan.Solutions.Count);
        Assert.Contains(grown.Scan.Solutions, s => Math.Abs(s.U0) < 1e-9);
        Assert.Contains(grown.Scan.Solutions, s => Math.Abs(s.U0 - 3.573901) < 1e-5);
        Assert.Contains(grown.Scan.Solutions, s => Math.Abs(s.U0 + 3.573901) < 1e-5);
        string note = grown.Describe(first);
        Assert.StartsWith("u(0) in [-10, 10] (warning: the roots kept changing", note, StringComparison.Ordinal);
        Assert.Contains("a family without end", note, StringComparison.Ordinal);
    }
}
