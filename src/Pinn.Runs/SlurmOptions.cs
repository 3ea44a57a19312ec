using System.Text.RegularExpressions;
using Pinn.Core.Configuration;

namespace Pinn.Runs;

/// <summary>
/// Settings of a Slurm submission (<see cref="SlurmJob"/>): one array job with a task per shard, then a merge job.
/// </summary>
/// <param name="Shards">Array tasks, one shard of the ensemble each (≥ 1, at most the ensemble's members).</param>
/// <param name="CpusPerTask">CPUs per array task (<c>--cpus-per-task</c>); the run's threads follow them.</param>
/// <param name="Partition">Slurm partition (<c>--partition</c>), or null for the cluster's default.</param>
/// <param name="Time">Time limit per task (<c>--time</c>, e.g. 01:00:00), or null for the partition's default.</param>
/// <param name="Memory">Memory per task (<c>--mem</c>, e.g. 8G), or null for the default.</param>
/// <param name="Account">Account to charge (<c>--account</c>), or null.</param>
public sealed partial record SlurmOptions(int Shards, int CpusPerTask = 2, string? Partition = null, string? Time = null, string? Memory = null, string? Account = null)
{
    /// <summary>Throws naming the field when a value is out of range or would not be a single sbatch argument.</summary>
    public SlurmOptions Validate()
    {
        if (Shards is < 1 or > 4096)
        {
            throw new OptionsValidationException(nameof(Shards), "Shards must be from 1 to 4096 (one array task each).");
        }

        if (CpusPerTask is < 1 or > 1024)
        {
            throw new OptionsValidationException(nameof(CpusPerTask), "CpusPerTask must be from 1 to 1024.");
        }

        if (Time is not null && !SlurmTime().IsMatch(Time))
        {
            throw new OptionsValidationException(nameof(Time), $"Time '{Time}' is not a Slurm time limit: use minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 02:00:00 or 1-12), or UNLIMITED.");
        }

        if (Memory is not null && !SlurmMemory().IsMatch(Memory))
        {
            throw new OptionsValidationException(nameof(Memory), $"Memory '{Memory}' is not a Slurm memory size: a whole number with an optional unit K, M, G or T (e.g. 8G or 16000M).");
        }

        foreach (var (value, name) in new[] { (Partition, nameof(Partition)), (Time, nameof(Time)), (Memory, nameof(Memory)), (Account, nameof(Account)) })
        {
            if (value is not null && !SbatchValue().IsMatch(value))
            {
                throw new OptionsValidationException(name, $"{name} '{value}' is not a plain sbatch value (letters, digits and - _ . : , +, e.g. 01:30:00 or 8G).");
            }
        }

        return this;
    }

    [GeneratedRegex("^[A-Za-z0-9_.:,+-]+$")]
    private static partial Regex SbatchValue();

    [GeneratedRegex("^([0-9]+(:[0-9]+){0,2}|[0-9]+-[0-9]+(:[0-9]+){0,2}|UNLIMITED|unlimited|INFINITE|infinite)$")]
    private static partial Regex SlurmTime();

    [GeneratedRegex("^[0-9]+[KMGTkmgt]?$")]
    private static partial Regex SlurmMemory();
}
