using Pinn.Core.Training;

namespace Pinn.Runs;

/// <summary>One classified member of a batch (as summary.json lists it).</summary>
/// <param name="Index">Member index.</param>
/// <param name="Class">The catalog entry it was classified as, or "unclassified".</param>
/// <param name="State">Completed, stopped (or training, for an interrupted run).</param>
/// <param name="StopReason">The state in words.</param>
/// <param name="PolishNote">Why its polishing phase ended early, or null.</param>
/// <param name="FinalLoss">The last training loss.</param>
/// <param name="BestLoss">The lowest training loss.</param>
/// <param name="Bounces">BBI bounces.</param>
/// <param name="Distances">Relative RMS distance to every catalog entry on the classifier's sample points.</param>
/// <param name="ErrorToClass">The distance to its class (NaN when unclassified).</param>
/// <param name="RadialSpread">How far from radial the learned u is (0 for a radial function).</param>
/// <param name="IsRadial">Whether the spread is below the classifier's limit.</param>
/// <param name="RelativeL2">Relative L2 error to each closed-form known solution on the validation points.</param>
/// <param name="ErrorEstimate">The error indicator from the residual on fresh points (<see cref="Pinn.Core.Loss.ResidualCheck.ErrorEstimate"/>); NaN when not measured.</param>
public sealed record MemberResult(
    int Index,
    string Class,
    MemberState State,
    string StopReason,
    string? PolishNote,
    double FinalLoss,
    double BestLoss,
    long Bounces,
    IReadOnlyDictionary<string, double> Distances,
    double ErrorToClass,
    double RadialSpread,
    bool IsRadial,
    IReadOnlyDictionary<string, double> RelativeL2,
    double ErrorEstimate = double.NaN);
