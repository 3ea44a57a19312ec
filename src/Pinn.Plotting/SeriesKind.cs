namespace Pinn.Plotting;

/// <summary>How a series is drawn.</summary>
public enum SeriesKind
{
    /// <summary>A polyline.</summary>
    Line,

    /// <summary>Markers at the points.</summary>
    Scatter,
}
