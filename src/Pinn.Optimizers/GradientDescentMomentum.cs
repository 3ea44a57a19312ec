using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>
/// SGD with momentum as PyTorch defines it: g' = g + wd·θ; b ← g' on the first step, else b ← μb + (1 − τ)g';
/// θ ← θ − lr·b.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class GradientDescentMomentum<T> : IOptimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly DeviceBuffer<T> buffer;
    private long steps;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="backend">Where θ lives.</param>
    /// <param name="length">Length of θ.</param>
    /// <param name="options">Settings.</param>
    public GradientDescentMomentum(IComputeBackend<T> backend, int length, GradientDescentMomentumOptions options)
    {
        this.backend = backend;
        Options = options.Validate();
        buffer = backend.Allocate(length);
    }

    /// <summary>The settings.</summary>
    public GradientDescentMomentumOptions Options { get; }

    /// <inheritdoc />
    public string Kind => GradientDescentMomentumOptions.KindName;

    /// <inheritdoc />
    public StepOutcome Step(double loss, BufferView<T> theta, BufferView<T> gradient)
    {
        var o = Options;
        if (steps == 0 || o.Momentum == 0)
        {
            backend.Copy(gradient, buffer.All);
            if (o.WeightDecay > 0)
            {
                backend.Axpy(o.WeightDecay, theta, buffer.All);
            }
        }
        else
        {
            backend.Scale(o.Momentum, buffer.All);
            backend.Axpy(1 - o.Dampening, gradient, buffer.All);
            if (o.WeightDecay > 0)
            {
                backend.Axpy((1 - o.Dampening) * o.WeightDecay, theta, buffer.All);
            }
        }

        backend.Axpy(-o.LearningRate, buffer.All, theta);
        steps++;
        return StepOutcome.Moved;
    }

    /// <inheritdoc />
    public OptimizerState SaveState()
    {
        var b = new double[buffer.Length];
        backend.Download(buffer.All, b);
        return new GradientDescentMomentumState(steps, b).ToState();
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state)
    {
        var s = GradientDescentMomentumState.From(state);
        steps = s.Steps;
        backend.Upload(s.Buffer, buffer.All);
    }
}
