using System.Globalization;
using Pinn.Core.Configuration;

namespace Pinn.Core.Training;

/// <summary>
/// One shard of an ensemble split over several machines (e.g. the tasks of a Slurm job array): shard
/// <paramref name="Index"/> of <paramref name="Count"/> trains a contiguous block of the members, each with the
/// member index, random streams and initial network it has in the whole run, so the shards' results put together
/// equal the whole run's bit for bit.
/// </summary>
/// <param name="Index">This shard, from 0 to <paramref name="Count"/> − 1.</param>
/// <param name="Count">Shards in all, ≥ 1 and at most the ensemble's members.</param>
public sealed record ShardOptions(int Index, int Count)
{
    /// <summary>Throws naming the field when invalid.</summary>
    public ShardOptions Validate()
    {
        if (Count is < 1 or > 4096)
        {
            throw new OptionsValidationException(nameof(Count), "Count (the number of shards) must be from 1 to 4096.");
        }

        if (Index < 0 || Index >= Count)
        {
            throw new OptionsValidationException(nameof(Index), string.Create(CultureInfo.InvariantCulture, $"Index must be from 0 to {Count - 1} (shards are numbered from 0, as Slurm's array task ids)."));
        }

        return this;
    }

    /// <summary>The first member of this shard and how many it trains, out of <paramref name="members"/>: shard i owns members ⌊i·K/N⌋ … ⌊(i+1)·K/N⌋ − 1.</summary>
    /// <param name="members">The whole ensemble's K (≥ <see cref="Count"/>).</param>
    public (int First, int Count) MembersOf(int members)
    {
        int first = (int)((long)Index * members / Count);
        int end = (int)((long)(Index + 1) * members / Count);
        return (first, end - first);
    }

    /// <summary>"I/N", as the command line writes it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses "I/N" (e.g. "0/4").</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="OptionsValidationException">Not of that form, or out of range.</exception>
    public static ShardOptions Parse(string text)
    {
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new OptionsValidationException(nameof(Index), $"a shard is written I/N (shard I of N, I from 0), e.g. 0/4, not '{text}'.");
        }

        return new ShardOptions(index, count).Validate();
    }
}
