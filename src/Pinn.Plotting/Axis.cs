namespace Pinn.Plotting;

/// <summary>An axis: title, scale and optional fixed range (otherwise fitted to the data).</summary>
/// <param name="Title">The label.</param>
/// <param name="Scale">Linear or log.</param>
/// <param name="Minimum">Fixed lower end, or null.</param>
/// <param name="Maximum">Fixed upper end, or null.</param>
public sealed record Axis(string Title, AxisScale Scale = AxisScale.Linear, double? Minimum = null, double? Maximum = null);
