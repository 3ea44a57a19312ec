using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Compute;

/// <summary>
/// Fused optimizer updates a backend runs in one pass over θ (the other optimizers compose
/// <see cref="IComputeKernels{T}"/>'s vector operations).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IOptimizerKernels<T>
    where T : unmanaged
{
    /// <summary>
    /// One fused Adam update (PyTorch semantics, L2 weight decay added to the gradient):
    /// g' = g + wd·θ; m ← β₁m + (1 − β₁)g'; v ← β₂v + (1 − β₂)g'²; θ ← θ − lr·(m/(1 − β₁ᵗ))/(√(v/(1 − β₂ᵗ)) + ε).
    /// </summary>
    void AdamUpdate(BufferView<T> theta, BufferView<T> gradient, BufferView<T> m, BufferView<T> v, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, long step);
}
