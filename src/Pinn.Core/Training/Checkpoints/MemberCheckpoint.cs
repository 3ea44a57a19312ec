using Pinn.Core.Optimization;

namespace Pinn.Core.Training.Checkpoints;

/// <summary>One member in a checkpoint: its status, parameters and optimizer state.</summary>
/// <param name="Active">Whether it was still training.</param>
/// <param name="StopReason">Its stop reason (<see cref="MemberStatus.StopReason"/>).</param>
/// <param name="LastLoss">Its last loss.</param>
/// <param name="BestLoss">Its best loss.</param>
/// <param name="Bounces">Its BBI bounces.</param>
/// <param name="PolishNote">Its polishing note, or empty.</param>
/// <param name="Parameters">θ, in float64.</param>
/// <param name="Optimizer">The first-order optimizer's state.</param>
/// <param name="Cause">Why it stopped (<see cref="MemberStatus.Cause"/>; format 5 on, else inferred: completed or <see cref="StopCause.Other"/>).</param>
public sealed record MemberCheckpoint(bool Active, string StopReason, double LastLoss, double BestLoss, long Bounces, string PolishNote, double[] Parameters, OptimizerState Optimizer, StopCause Cause = StopCause.None);
