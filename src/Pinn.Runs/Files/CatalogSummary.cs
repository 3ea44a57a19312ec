namespace Pinn.Runs.Files;

/// <summary>A catalog entry as summary.json lists it.</summary>
/// <param name="Name">The entry's name.</param>
/// <param name="U0">u(0), when known.</param>
public sealed record CatalogSummary(string Name, double? U0);
