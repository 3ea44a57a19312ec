using Pinn.Core.Symbolic;

namespace Pinn.Core.Problems;

/// <summary>
/// What a problem hands to the loss: the PDE −∇²u + N(x, u) = f(x) in the unit ball of R^d with u = g(x) on the
/// unit sphere. Sign convention everywhere in Pinn: ∇² = Σᵢ ∂²/∂xᵢ² (the ordinary Laplacian), so the paper's
/// "Δu + u² = f" with Δ = −Σ∂² is −∇²u + u² = f here.
/// </summary>
/// <param name="Dimension">The dimension d ≥ 1.</param>
/// <param name="Nonlinearity">N(x, u), an expression in u, x1..xd, r and parameters.</param>
/// <param name="NonlinearityDerivative">∂N/∂u.</param>
/// <param name="Source">f(x), an expression in x1..xd, r and parameters.</param>
/// <param name="Boundary">g(x) on the sphere.</param>
/// <param name="Parameters">Values of the named parameters.</param>
public sealed record ResidualForm(
    int Dimension,
    Expr Nonlinearity,
    Expr NonlinearityDerivative,
    Expr Source,
    Expr Boundary,
    IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>Whether N (or ∂N/∂u) uses the point (x1..xd or r): the loss kernels then evaluate it at each point's coordinates.</summary>
    public bool NonlinearityUsesPoint => new[] { Nonlinearity, NonlinearityDerivative }.Any(e => e.Variables().Any(v => v == Expr.RadiusName || SymbolNames.TryCoordinateIndex(v, out _)));

    /// <summary>Compiles N, N', f and g for fast evaluation.</summary>
    public CompiledResidualForm Compile() => new(
        ExprCompiler.Compile(Nonlinearity, Dimension, Parameters),
        ExprCompiler.Compile(NonlinearityDerivative, Dimension, Parameters),
        ExprCompiler.Compile(Source, Dimension, Parameters),
        ExprCompiler.Compile(Boundary, Dimension, Parameters));
}
