using Pinn.Core.Compute;

namespace Pinn.Core.Optimization;

/// <summary>
/// A nonlinear least-squares problem as a polisher sees it: V(θ) = ‖r(θ)‖² + λ‖θ‖² with residuals r (<see cref="Rows"/>
/// of them) and their Jacobian J = ∂r/∂θ, in float64 on the host. The PINN loss is one (its
/// <see cref="Loss.PinnLeastSquares"/>); a polisher needs nothing else of it.
/// </summary>
public interface ILeastSquaresSystem
{
    /// <summary>|θ|.</summary>
    int ParameterCount { get; }

    /// <summary>Residuals in r.</summary>
    int Rows { get; }

    /// <summary>λ of the weight penalty λ‖θ‖².</summary>
    double WeightDecay { get; }

    /// <summary>Threads the polisher may use for its dense algebra.</summary>
    int Threads { get; }

    /// <summary>Where the polisher times its phases (<see cref="PolishPhase"/>).</summary>
    PhaseProfiler Profiler { get; }

    /// <summary>r(θ) and, when <paramref name="jacobian"/> is given, J (row-major, <see cref="Rows"/> × <see cref="ParameterCount"/>, overwritten).</summary>
    /// <param name="theta">θ.</param>
    /// <param name="residuals">Receives r.</param>
    /// <param name="jacobian">Receives J, or null for r alone.</param>
    /// <returns>V(θ), the weight penalty included.</returns>
    double Evaluate(double[] theta, Span<double> residuals, double[]? jacobian);
}
