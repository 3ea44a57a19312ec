namespace Pinn.Shooting;

/// <summary>Every radial solution along a parameter sweep, and where their number changes.</summary>
/// <param name="Parameter">The swept parameter.</param>
/// <param name="Points">Every solution at every value (by value, then u(0) descending).</param>
/// <param name="Folds">Where the solution count changes, refined by bisection.</param>
public sealed record BifurcationDiagram(string Parameter, IReadOnlyList<SweepPoint> Points, IReadOnlyList<Fold> Folds);
