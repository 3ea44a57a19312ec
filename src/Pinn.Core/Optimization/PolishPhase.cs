namespace Pinn.Core.Optimization;

/// <summary>The phases of a polishing iteration a polisher times (<see cref="ILeastSquaresSystem.Profiler"/>; <c>pinn bench --gauss-newton</c>).</summary>
public static class PolishPhase
{
    /// <summary>r and J at θ.</summary>
    public const string Linearize = "polish: r and J";

    /// <summary>The normal-equations matrix (J·Jᵀ or JᵀJ).</summary>
    public const string Gram = "polish: Gram matrix";

    /// <summary>Damped Cholesky factorizations and the solves for the step.</summary>
    public const string Solve = "polish: factor and solve";

    /// <summary>The trial point's residuals (and line search, where there is one).</summary>
    public const string Trial = "polish: trial residuals";
}
