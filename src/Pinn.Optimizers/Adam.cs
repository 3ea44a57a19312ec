using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>Adam (Kingma &amp; Ba) with PyTorch's update, as one fused backend kernel per step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Adam<T> : IOptimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly DeviceBuffer<T> first;
    private readonly DeviceBuffer<T> second;
    private long steps;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="backend">Where θ lives.</param>
    /// <param name="length">Length of θ.</param>
    /// <param name="options">Settings.</param>
    public Adam(IComputeBackend<T> backend, int length, AdamOptions options)
    {
        this.backend = backend;
        Options = options.Validate();
        first = backend.Allocate(length);
        second = backend.Allocate(length);
    }

    /// <summary>The settings.</summary>
    public AdamOptions Options { get; }

    /// <inheritdoc />
    public string Kind => AdamOptions.KindName;

    /// <inheritdoc />
    public StepOutcome Step(double loss, BufferView<T> theta, BufferView<T> gradient)
    {
        steps++;
        var o = Options;
        backend.AdamUpdate(theta, gradient, first.All, second.All, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay, steps);
        return StepOutcome.Moved;
    }

    /// <inheritdoc />
    public OptimizerState SaveState()
    {
        var m = new double[first.Length];
        var v = new double[second.Length];
        backend.Download(first.All, m);
        backend.Download(second.All, v);
        return new AdamState(steps, m, v).ToState();
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state)
    {
        var s = AdamState.From(state);
        steps = s.Steps;
        backend.Upload(s.FirstMoment, first.All);
        backend.Upload(s.SecondMoment, second.All);
    }
}
