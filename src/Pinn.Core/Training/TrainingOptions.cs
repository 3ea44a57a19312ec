using Pinn.Core.Configuration;

namespace Pinn.Core.Training;

/// <summary>The training section (defaults: 4 000 steps, metrics every 250, a checkpoint every 1 000; the paper: 2·10⁶ steps).</summary>
/// <param name="Steps">Optimizer calls per member ≥ 1.</param>
/// <param name="EvaluateEvery">Metrics every this many steps ≥ 1.</param>
/// <param name="CheckpointEvery">Checkpoint every this many steps ≥ 1.</param>
/// <param name="Seed">Seed of every random stream of the run.</param>
/// <param name="Precision">f32 or f64.</param>
/// <param name="Threads">CPU worker threads (0 = all cores).</param>
/// <param name="Device">The CPU; or an NVIDIA GPU through ILGPU, or the same kernels on ILGPU's CPU accelerator (for checking), both float32.</param>
public sealed record TrainingOptions(long Steps = 4000, long EvaluateEvery = 250, long CheckpointEvery = 1000, ulong Seed = 42, Precision Precision = Precision.F32, int Threads = 0, ComputeDevice Device = ComputeDevice.Cpu)
{
    /// <summary>
    /// The largest seed: 2⁵³ − 1, the largest whole number every JSON reader keeps exactly (config.json records it).
    /// The same rule holds for a seed from JSON and from <c>--seed</c>.
    /// </summary>
    public const ulong MaximumSeed = 9_007_199_254_740_991;

    /// <summary>The message for a seed outside 0 … <see cref="MaximumSeed"/>.</summary>
    /// <param name="given">The value given, as the user wrote it.</param>
    public static string SeedRule(string given) => $"Seed must be a whole number from 0 to {MaximumSeed}, got {given}.";

    /// <summary>Throws naming the field when invalid.</summary>
    public TrainingOptions Validate()
    {
        Configuration.Guard.AtLeast(Steps, 1, nameof(Steps));
        if (Seed > MaximumSeed)
        {
            throw new OptionsValidationException(nameof(Seed), SeedRule(Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Configuration.Guard.AtLeast(EvaluateEvery, 1, nameof(EvaluateEvery));
        Configuration.Guard.AtLeast(CheckpointEvery, 1, nameof(CheckpointEvery));
        if (Threads is < 0 or > 1024)
        {
            throw new OptionsValidationException(nameof(Threads), "Threads must be from 0 (all cores) to 1024.");
        }

        if (!Enum.IsDefined(Precision))
        {
            throw new OptionsValidationException(nameof(Precision), "Precision must be f32 or f64.");
        }

        if (!Enum.IsDefined(Device))
        {
            throw new OptionsValidationException(nameof(Device), $"Device must be {ComputeDeviceNames.Choices} (see docs/gpu.md).");
        }

        if (Device != ComputeDevice.Cpu && Precision != Precision.F32)
        {
            throw new OptionsValidationException(nameof(Device), $"Device '{ComputeDeviceNames.Name(Device)}' trains in float32: set the precision to f32, or use the cpu device for f64.");
        }

        return this;
    }
}
