namespace Pinn.Core.Training;

/// <summary>Where one ensemble member stands.</summary>
/// <param name="Index">Member index (0-based).</param>
/// <param name="Active">Still training.</param>
/// <param name="StopReason">Why it stopped ("completed", or what went wrong and when).</param>
/// <param name="LastLoss">The latest training loss.</param>
/// <param name="BestLoss">The lowest training loss seen.</param>
/// <param name="Bounces">BBI bounces so far.</param>
/// <param name="PolishNote">Why the member's polishing phase ended early (converged, or no step lowered the loss), or null.</param>
public sealed record MemberStatus(int Index, bool Active, string StopReason, double LastLoss, double BestLoss, long Bounces, string? PolishNote = null);
