using Pinn.Core.Symbolic;

namespace Pinn.Problems;

/// <summary>
/// Manufactured problems: choose an exact solution u*, derive f = −∇²u* + N(u*) symbolically and
/// g = u* on the sphere (r = 1 substituted), so the problem has u* as a known solution.
/// </summary>
public static class Manufactured
{
    /// <summary>The name under which the chosen exact solution is recorded.</summary>
    public const string SolutionName = "analytic";

    /// <summary>Builds the manufactured problem.</summary>
    /// <param name="exact">u*(x), an expression in x1..xd, r and parameters.</param>
    /// <param name="nonlinearity">N(u).</param>
    /// <param name="dimension">d.</param>
    /// <param name="parameters">Parameter values.</param>
    /// <param name="name">The problem's name.</param>
    public static NonlinearPoisson From(Expr exact, Expr nonlinearity, int dimension, IReadOnlyDictionary<string, double>? parameters = null, string name = "manufactured")
    {
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(nonlinearity);
        if (exact.Contains(Expr.UnknownName))
        {
            throw new ProblemDefinitionException("manufactured", "the exact solution must not contain u: write it in x1..xd and r.");
        }

        if (dimension < 1)
        {
            throw new ProblemDefinitionException("dimension", $"must be an integer from 1 to 64, got {dimension}.");
        }

        Expr laplacian;
        try
        {
            laplacian = exact.Laplacian(dimension);
        }
        catch (ArgumentException e)
        {
            throw new ProblemDefinitionException("manufactured", e.Message);
        }

        var source = (Expr.Negate(laplacian) + nonlinearity.Substitute(Expr.UnknownName, exact)).Simplify();
        var boundary = exact.Substitute(Expr.RadiusName, 1.0).Simplify();
        return new NonlinearPoisson(dimension, nonlinearity, source, boundary, parameters, new Dictionary<string, Expr> { [SolutionName] = exact }, name);
    }
}
