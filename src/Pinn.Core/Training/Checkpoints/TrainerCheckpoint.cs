namespace Pinn.Core.Training.Checkpoints;

/// <summary>
/// Everything a trainer saves to resume bit for bit (checkpoint.bin), as read or to be written by
/// <see cref="CheckpointReader"/> and <see cref="CheckpointWriter"/>; the trainer checks it against its own problem
/// and options before applying it.
/// </summary>
/// <param name="Format">The file format: 2, 3 or <see cref="CheckpointWriter.Format"/>.</param>
/// <param name="Identity">The run's identity (<see cref="RunIdentity"/>); null before format 4.</param>
/// <param name="Seed">The run's seed; null before format 4.</param>
/// <param name="Precision">"f32" or "f64".</param>
/// <param name="ParameterCount">Parameters per member.</param>
/// <param name="Step">First-order steps done.</param>
/// <param name="Points">The training points' stream.</param>
/// <param name="Members">Every member.</param>
/// <param name="Polish">The polishing phase, or null for a run without one.</param>
public sealed record TrainerCheckpoint(
    int Format,
    string? Identity,
    ulong? Seed,
    string Precision,
    int ParameterCount,
    long Step,
    PointStreamCheckpoint Points,
    IReadOnlyList<MemberCheckpoint> Members,
    PolishCheckpoint? Polish);
