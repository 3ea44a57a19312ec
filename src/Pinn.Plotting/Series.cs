namespace Pinn.Plotting;

/// <summary>A named data series.</summary>
/// <param name="Name">Legend text (empty: not in the legend).</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values (same length; non-finite points break the line).</param>
/// <param name="Kind">Line or scatter.</param>
/// <param name="Color">CSS colour; null picks the next palette colour.</param>
/// <param name="Dashed">Dashed line (reference curves).</param>
/// <param name="Width">Stroke width in pixels.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, SeriesKind Kind = SeriesKind.Line, string? Color = null, bool Dashed = false, double Width = 1.5);
