namespace Pinn.Shooting.Files;

/// <summary>The contents of a saved solution catalog (catalog.json in a run directory).</summary>
/// <param name="Grid">How the profiles are sampled, in words.</param>
/// <param name="Solutions">The entries.</param>
/// <param name="Symmetry">The problem's symmetries (absent in older files: none).</param>
public sealed record CatalogFile(string Grid, IReadOnlyList<CatalogFileEntry> Solutions, SolutionSymmetry? Symmetry = null);
