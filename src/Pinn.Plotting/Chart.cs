namespace Pinn.Plotting;

/// <summary>A 2-D chart: title, axes, series; drawn by <see cref="ChartExporter"/>.</summary>
/// <param name="Title">The title.</param>
/// <param name="XAxis">The horizontal axis.</param>
/// <param name="YAxis">The vertical axis.</param>
/// <param name="Series">The data.</param>
/// <param name="Width">Pixels.</param>
/// <param name="Height">Pixels.</param>
/// <param name="Map">A colour map drawn under the series, with a colour bar (null: none).</param>
public sealed record Chart(string Title, Axis XAxis, Axis YAxis, IReadOnlyList<Series> Series, int Width = 800, int Height = 500, HeatMap? Map = null)
{
    /// <summary>A fixed, colour-blind-friendly palette (Okabe–Ito plus greys).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000", "#7F7F7F", "#8C564B"];
}
