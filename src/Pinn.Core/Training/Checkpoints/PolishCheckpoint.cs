using Pinn.Core.Optimization;

namespace Pinn.Core.Training.Checkpoints;

/// <summary>The polishing phase in a checkpoint.</summary>
/// <param name="Started">Whether the phase had begun.</param>
/// <param name="Stage">The continuation stage (0 in format 2, which had no stages).</param>
/// <param name="Points">The phase's point stream.</param>
/// <param name="Polishers">Every member's polisher state.</param>
public sealed record PolishCheckpoint(bool Started, int Stage, PointStreamCheckpoint Points, IReadOnlyList<OptimizerState> Polishers);
