using System.CommandLine;
using Pinn.Core.Configuration;
using Pinn.Core.Training;
using Pinn.Runs.Configuration;

namespace Pinn.Cli.Commands;

/// <summary>The options shared by solve and batch that override the configuration.</summary>
internal sealed class RunOverrides
{
    public Argument<string> Config { get; } = new("config") { Description = "Run configuration (JSON), e.g. problems/paper-2d-quick.json." };

    public Option<string?> Out { get; } = new("--out") { Description = "Run directory (default runs/<config-name>-<timestamp>)." };

    public Option<long?> Steps { get; } = new("--steps") { Description = $"Override training.steps (the config's, else its preset's; default {RunPresets.Default.Training.Steps})." };

    public Option<int?> Ensemble { get; } = new("--ensemble") { Description = $"Override ensemble.members (default {RunPresets.Default.Ensemble.Members})." };

    public Option<long?> Seed { get; } = new("--seed") { Description = $"Override training.seed (0 to 9007199254740991; default {RunPresets.Default.Training.Seed})." };

    public Option<string?> Device { get; } = new("--device") { Description = "Override training.device: cpu, cuda (an NVIDIA GPU through ILGPU) or ilgpu-cpu (the GPU kernels on ILGPU's CPU accelerator, for checking)." };

    public Option<string?> Shard { get; } = new("--shard") { Description = "Train only shard I/N of the ensemble (I from 0, e.g. 0/4: one task of a Slurm array): its members exactly as in the whole run; put the shards together with pinn merge." };

    public void AddTo(Command command, bool ensemble, bool shard = false)
    {
        command.Arguments.Add(Config);
        command.Options.Add(Out);
        command.Options.Add(Steps);
        if (ensemble)
        {
            command.Options.Add(Ensemble);
        }

        if (shard)
        {
            command.Options.Add(Shard);
        }

        command.Options.Add(Seed);
        command.Options.Add(Device);
    }

    /// <summary>Reads the config and applies the overrides (validated again).</summary>
    public RunConfig Resolve(ParseResult parse, int? forcedMembers)
    {
        var config = RunConfigReader.ReadFile(parse.GetValue(Config)!);
        var o = config.Options;
        var training = o.Training;
        if (parse.GetValue(Steps) is long steps)
        {
            training = training with { Steps = steps };
        }

        if (parse.GetValue(Seed) is long seed)
        {
            training = training with { Seed = seed >= 0 ? (ulong)seed : throw new ArgumentException($"--seed: {TrainingOptions.SeedRule(seed.ToString(System.Globalization.CultureInfo.InvariantCulture))}") };
        }

        if (parse.GetValue(Device) is string device)
        {
            training = training with
            {
                Device = ComputeDeviceNames.TryParse(device, out var parsed)
                    ? parsed
                    : throw new OptionsValidationException(nameof(TrainingOptions.Device), $"Device '{device}' is unknown: use {ComputeDeviceNames.Choices} (see docs/gpu.md)."),
            };
        }

        var ensemble = o.Ensemble;
        if (forcedMembers is int k)
        {
            ensemble = ensemble with { Members = k };
        }
        else if (parse.GetValue(Ensemble) is int members)
        {
            ensemble = ensemble with { Members = members };
        }

        try
        {
            // solve trains one network: a shard section in the config (a shard of some batch) does not apply to it.
            var shard = parse.GetValue(Shard) is string text ? ShardOptions.Parse(text) : forcedMembers is null ? o.Shard : null;
            return config with { Options = (o with { Training = training, Ensemble = ensemble, Shard = shard }).Validate() };
        }
        catch (OptionsValidationException e)
        {
            string option = e.Property switch { "Steps" => "--steps", "Seed" => "--seed", "Members" => "--ensemble", "Device" => "--device", "Shard" or "Index" or "Count" => parse.GetValue(Shard) is null ? "$.shard (the config's shard section)" : "--shard", _ => e.Property };
            throw new ArgumentException($"{option}: {e.Reason}");
        }
    }
}
