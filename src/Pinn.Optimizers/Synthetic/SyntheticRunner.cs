using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Optimizers.Synthetic;

/// <summary>Runs an optimizer on a synthetic function (parameters on a one-thread CPU backend in precision T).</summary>
public static class SyntheticRunner
{
    /// <summary>Runs up to <paramref name="steps"/> calls, stopping early when <paramref name="stop"/> says so.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="function">The objective.</param>
    /// <param name="start">θ₀.</param>
    /// <param name="options">The optimizer.</param>
    /// <param name="random">The optimizer's random source.</param>
    /// <param name="steps">Maximum number of calls.</param>
    /// <param name="stop">Optional early stop on (θ, F) after a call.</param>
    /// <param name="observe">Optional callback after every call (call number, optimizer).</param>
    public static Trajectory Run<T>(SyntheticFunction function, ReadOnlySpan<double> start, IOptimizerOptions options, IRandomSource random, int steps, Func<double[], double, bool>? stop = null, Action<int, IOptimizer<T>>? observe = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var backend = new CpuBackend<T>(1);
        int n = start.Length;
        var theta = backend.Allocate(n);
        var gradient = backend.Allocate(n);
        var optimizer = options.Create(backend, [new ParameterBlock("theta", 0, n)], random);
        var x = start.ToArray();
        backend.Upload(x, theta.All);
        backend.Download(theta.All, x); // θ as the parameter precision holds it
        var g = new double[n];
        var values = new List<double>(Math.Min(steps, 1 << 20) + 1) { function.Value(x) };
        var outcomes = new List<StepOutcome>(Math.Min(steps, 1 << 20));
        for (int k = 1; k <= steps; k++)
        {
            double f = values[^1];
            function.Gradient(x, g);
            backend.Upload(g, gradient.All);
            outcomes.Add(optimizer.Step(f, theta.All, gradient.All));
            backend.Download(theta.All, x);
            double next = function.Value(x);
            values.Add(next);
            observe?.Invoke(k, optimizer);
            if (!double.IsFinite(next) || (stop is not null && stop(x, next)))
            {
                break;
            }
        }

        return new Trajectory(values, outcomes, x);
    }
}
