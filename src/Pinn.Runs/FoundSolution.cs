namespace Pinn.Runs;

/// <summary>A solution found by a discovery run.</summary>
/// <param name="Name">found-1, found-2, … in order of discovery.</param>
/// <param name="U0">u(0) of the network.</param>
/// <param name="Loss">Its data loss on the validation points (undeflated, without the weight penalty).</param>
/// <param name="MatchedEntry">The catalog entry it coincides with (within the classifier's threshold), or null.</param>
/// <param name="Distances">Relative RMS distance to every catalog entry.</param>
/// <param name="RadialSpread">How far from radial it is (0 for a radial function).</param>
/// <param name="IsRadial">Whether the spread is below the classifier's limit.</param>
/// <param name="ShootingCheck">
/// For a radial solution not in the catalog: the u(0) of the radial solution shooting found near the network's u(0),
/// or null when there is none (then it is reported as unconfirmed).
/// </param>
/// <param name="Member">The member that found it (counted over the whole run).</param>
/// <param name="Step">The step at which that member finished.</param>
/// <param name="Parameters">The network's parameters θ (float64).</param>
/// <param name="ErrorEstimate">The error indicator from the residual on fresh points (<see cref="Pinn.Core.Loss.ResidualCheck.ErrorEstimate"/>); NaN when not measured.</param>
/// <param name="Refinement">In d = 2: the disk solver's Newton refinement started from the network, and the network's error to it; null otherwise.</param>
public sealed record FoundSolution(
    string Name,
    double U0,
    double Loss,
    string? MatchedEntry,
    IReadOnlyDictionary<string, double> Distances,
    double RadialSpread,
    bool IsRadial,
    double? ShootingCheck,
    int Member,
    long Step,
    double[] Parameters,
    double ErrorEstimate = double.NaN,
    DiskRefinement? Refinement = null);
