using Pinn.Core.Symbolic;

namespace Pinn.Core.Problems;

/// <summary>The compiled pieces of a <see cref="ResidualForm"/>.</summary>
/// <param name="Nonlinearity">N(x, u).</param>
/// <param name="NonlinearityDerivative">∂N/∂u.</param>
/// <param name="Source">f(x).</param>
/// <param name="Boundary">g(x).</param>
public sealed record CompiledResidualForm(CompiledExpr Nonlinearity, CompiledExpr NonlinearityDerivative, CompiledExpr Source, CompiledExpr Boundary);
