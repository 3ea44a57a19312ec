namespace Pinn.Shooting;

/// <summary>What a shooting scan found and how well it could look.</summary>
/// <param name="Solutions">Every radial solution found, sorted by u(0), descending.</param>
/// <param name="Warning">
/// One sentence when the scan could not resolve the whole range (some scan interval wider than
/// <see cref="RadialShooting.ResolvedSpacing"/> at its place), naming where and the <c>ScanPoints</c> that would;
/// null when every interval was resolved.
/// </param>
/// <param name="Evaluations">How many shots were integrated.</param>
public sealed record ShootingScan(IReadOnlyList<RadialSolution> Solutions, string? Warning, int Evaluations);
