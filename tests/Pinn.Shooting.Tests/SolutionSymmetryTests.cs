using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Shooting.Tests;

/// <summary>Which symmetries a problem has, read from its expressions.</summary>
public class SolutionSymmetryTests
{
    [Theory]
    [InlineData("u^3", "0", "0", true, true)]
    [InlineData("-r^alpha*u^3", "0", "0", true, true)] // Hénon: N(x, u) odd in u at every x
    [InlineData("x1*u^3", "0", "0", false, true)]
    [InlineData("u^2", "0", "0", true, false)]
    [InlineData("u^3", "1", "0", true, false)]
    [InlineData("-r^2*u^3 + r*u^2", "0", "0", true, false)]
    [InlineData("u^3", "x2", "0", false, false)]
    public void SymmetriesAreReadFromTheExpressions(string nonlinearity, string source, string boundary, bool rotations, bool signFlip)
    {
        var problem = new NonlinearPoisson(2, ExprParser.Parse(nonlinearity), ExprParser.Parse(source), ExprParser.Parse(boundary), new Dictionary<string, double> { ["alpha"] = 2 });
        Assert.Equal(new SolutionSymmetry(rotations, signFlip), SolutionSymmetry.Of(problem));
    }
}
