namespace Pinn.Core.Training.Checkpoints;

/// <summary>What a run must match for a checkpoint to be resumed into it, and the check.</summary>
/// <param name="Identity">The run's identity (<see cref="RunIdentity"/>).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Precision">"f32" or "f64".</param>
/// <param name="ParameterCount">Parameters per member.</param>
/// <param name="Members">Members the run trains.</param>
/// <param name="PointValues">Coordinates of the first-order points (points × d).</param>
/// <param name="Stages">Polishing stages (1 without continuation).</param>
/// <param name="PolishPointValues">Coordinates of the polishing points, or null when the run has no polishing phase.</param>
internal sealed record CheckpointCompatibility(string Identity, ulong Seed, string Precision, int ParameterCount, int Members, int PointValues, int Stages, int? PolishPointValues)
{
    /// <summary>Throws when checkpoint <paramref name="c"/> (read from <paramref name="path"/>) is not one of this run's.</summary>
    /// <param name="c">The checkpoint.</param>
    /// <param name="path">Its file, for the message.</param>
    /// <exception cref="InvalidDataException">It belongs to another run or does not fit this one; the message says why.</exception>
    public void Check(TrainerCheckpoint c, string path)
    {
        string? why = null;
        if (c.Identity is { } identity && identity != Identity)
        {
            why = c.Seed != Seed
                ? $"it belongs to another run (seed {c.Seed}, this run's is {Seed})"
                : "it belongs to another run (the problem or the settings differ)";
        }
        else if (c.Precision != Precision)
        {
            why = $"it was written in {c.Precision}";
        }
        else if (c.ParameterCount != ParameterCount || c.Members.Count != Members)
        {
            why = "the network size or ensemble size differs from the configuration";
        }
        else if (c.Points.Points.Length != PointValues)
        {
            why = "the point count differs from the configuration";
        }
        else if ((c.Polish is not null) != (PolishPointValues is not null))
        {
            why = "the configuration's polishing phase differs from the run's";
        }
        else if (c.Polish is { } p && (p.Stage < 0 || p.Stage >= Stages))
        {
            why = $"it is in polishing stage {p.Stage} and the configuration has {Stages}";
        }
        else if (c.Polish is { } q && q.Points.Points.Length != PolishPointValues)
        {
            why = "the polishing phase's point count differs from the configuration";
        }

        if (why is not null)
        {
            throw new InvalidDataException($"{path} is not a usable checkpoint for this run: {why}.");
        }
    }
}
