namespace Pinn.Core.Optimization;

/// <summary>
/// An optimizer over a flat parameter vector living on a compute backend. The caller evaluates the loss V(θ) and
/// ∂V/∂θ at the current θ, then calls <see cref="Step"/>, which updates θ in place.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IOptimizer<T>
    where T : unmanaged
{
    /// <summary>The optimizer's kind, e.g. <c>bbi</c>.</summary>
    string Kind { get; }

    /// <summary>One call: uses the loss and gradient at θ, updates θ.</summary>
    /// <param name="loss">V(θ) (double).</param>
    /// <param name="theta">θ, updated in place.</param>
    /// <param name="gradient">∂V/∂θ at θ (not modified).</param>
    StepOutcome Step(double loss, Compute.BufferView<T> theta, Compute.BufferView<T> gradient);

    /// <summary>The full state, for checkpoints.</summary>
    OptimizerState SaveState();

    /// <summary>Restores a state from <see cref="SaveState"/>.</summary>
    /// <param name="state">The state.</param>
    void RestoreState(OptimizerState state);
}
