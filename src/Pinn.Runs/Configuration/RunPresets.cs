using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Optimizers;

namespace Pinn.Runs.Configuration;

/// <summary>
/// The settings of every <see cref="RunPreset"/>, the one source of defaults: a run file's absent fields take the values
/// of its preset (<see cref="RunPreset.Default"/> unless it names another), and <see cref="Default"/> is nothing but the
/// options records' parameterless values, so C#, JSON, the CLI and docs/problem-format.md agree (a test pins all four).
/// </summary>
public static class RunPresets
{
    /// <summary>Pinn's defaults: every options record as constructed without arguments, Gauss–Newton polishing on.</summary>
    public static RunOptions Default { get; } = new(new NetworkOptions(), new PointOptions(), new LossOptions(), new BbiOptions(), new TrainingOptions(), new EnsembleOptions(), new GaussNewtonOptions());

    /// <summary>The paper's PDE experiment (<see cref="RunPreset.Paper"/>).</summary>
    public static RunOptions Paper { get; } = new(
        new NetworkOptions(200, 3),
        new PointOptions(10_000, 1_000, ResampleEvery: 0),
        new LossOptions(BoundaryWeight: 1e5, WeightDecay: 2e-4),
        BbiOptions.PaperPde,
        new TrainingOptions(Steps: 2_000_000, EvaluateEvery: 1000, CheckpointEvery: 10_000),
        new EnsembleOptions(1));

    /// <summary>A preset's settings.</summary>
    /// <param name="preset">The preset.</param>
    public static RunOptions Of(RunPreset preset) => preset switch
    {
        RunPreset.Default => Default,
        RunPreset.Paper => Paper,
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    /// <summary>The name a run file uses for a preset: <c>default</c>, <c>paper</c>.</summary>
    /// <param name="preset">The preset.</param>
    public static string Name(RunPreset preset) => preset.ToString().ToLowerInvariant();

    /// <summary>The preset a run file names, or false.</summary>
    /// <param name="name">The name (<c>default</c>, <c>paper</c>).</param>
    /// <param name="preset">The preset.</param>
    public static bool TryParse(string name, out RunPreset preset)
    {
        foreach (var p in Enum.GetValues<RunPreset>())
        {
            if (Name(p) == name)
            {
                preset = p;
                return true;
            }
        }

        preset = RunPreset.Default;
        return false;
    }
}
