using Pinn.Core.Compute;
using Pinn.Core.Networks;

namespace Pinn.Core.Training;

/// <summary>
/// Polishes one network on its own, undeflated: the run's polishing phase (<see cref="RunOptions.Polish"/>: its
/// points from random stream 3, its resampling, its stopping rule) applied to given parameters. Discovery uses it to
/// give a solution found while deflated the same final polish as a batch member, so that every solution it returns
/// is as accurate as the network allows, whatever it was deflated against.
/// </summary>
public static class SolutionPolisher
{
    /// <summary>Polishes <paramref name="theta"/> for <paramref name="problem"/> with the options' polishing phase, without deflation.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">The run's options (<see cref="RunOptions.Polish"/> set; network, points, loss and seed are used).</param>
    /// <param name="theta">The network's parameters (not changed).</param>
    /// <returns>The polished parameters, the last loss and why the polisher stopped (null when it ran all its iterations).</returns>
    /// <exception cref="ArgumentException">The options have no polishing phase, or θ does not fit the network.</exception>
    public static (double[] Parameters, double Loss, string? Note) Polish(TrainingProblem problem, RunOptions options, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var polish = options.Polish ?? throw new ArgumentException("The options have no polishing phase (RunOptions.Polish).", nameof(options));
        var o = (options with { Deflation = null, Shard = null, Continuation = null, Ensemble = options.Ensemble with { Members = 1 } }).Validate();
        var shape = new ResidualNetworkShape(problem.Form.Dimension, o.Network.Width, o.Network.Depth, o.Network.Activation).Validate();
        if (theta.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"The network has {shape.ParameterCount} parameters, not {theta.Length}.", nameof(theta));
        }

        var start = theta.ToArray();
        var phase = new PolishingPhase(o, shape, problem.Form, 1, null, PhaseProfiler.Disabled, null);
        phase.Begin(_ => start);
        double loss = double.NaN;
        string? note = null;
        for (long i = 0; i < polish.Iterations && !phase.Finished(0); i++)
        {
            var result = phase.Iterate(i, [0])[0];
            if (!double.IsFinite(result.Loss))
            {
                return (theta.ToArray(), result.Loss, result.StopReason ?? $"loss not finite in polish iteration {i + 1}");
            }

            (loss, note) = (result.Loss, result.StopReason ?? note);
        }

        return (phase.Parameters(0), loss, note);
    }

    /// <summary>
    /// The validation metrics of one network, in float64, as a run with these options records them (its validation
    /// points from random stream 2; loss parts, mean u², relative errors to the problem's known solutions).
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="theta">The network's parameters.</param>
    public static MetricsRecord Measure(TrainingProblem problem, RunOptions options, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var shape = new ResidualNetworkShape(problem.Form.Dimension, options.Network.Width, options.Network.Depth, options.Network.Activation).Validate();
        var backend = new Compute.Cpu.CpuBackend<double>(options.Training.Threads);
        var parameters = backend.Allocate(shape.ParameterCount);
        backend.Upload(theta, parameters.All);
        var validation = new ValidationSet<double>(backend, shape, options, problem.Form, problem.KnownSolutions);
        return validation.Evaluate(0, [MemberStatus.Start(0)], [parameters.All], _ => null)[0];
    }
}
