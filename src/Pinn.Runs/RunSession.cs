using Pinn.Core.Training;

namespace Pinn.Runs;

/// <summary>
/// Where a run's trainer comes from: the one place that turns options into a <see cref="Trainer{T}"/> of the run's
/// precision (float32 or float64) on the run's device (<see cref="ComputeDevices"/>: the CPU, or a GPU through ILGPU
/// for float32). Batch runs, <see cref="BatchSolver"/> and <see cref="SolutionDiscovery"/> all start theirs here. The
/// trainer owns its backend: disposing it frees the run's device memory.
/// </summary>
public static class RunSession
{
    /// <summary>A trainer for the problem and options.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">The run options.</param>
    /// <exception cref="Pinn.Gpu.GpuUnavailableException">The options name a device this machine does not have.</exception>
    public static ITrainer Start(TrainingProblem problem, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        return options.Training.Precision == Precision.F32
            ? new Trainer<float>(problem, options, ComputeDevices.For<float>(options.Training), ownsBackend: true)
            : new Trainer<double>(problem, options, ComputeDevices.For<double>(options.Training), ownsBackend: true);
    }
}
