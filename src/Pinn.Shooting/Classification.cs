namespace Pinn.Shooting;

/// <summary>Which cataloged solution a function is.</summary>
/// <param name="Class">The nearest solution's name, or <see cref="Unclassified"/>.</param>
/// <param name="Distance">Relative RMS distance to the nearest solution.</param>
/// <param name="Distances">Distance to every cataloged solution.</param>
/// <param name="RadialSpread">RMS spread between directions relative to the RMS of the mean profile (0 = radial).</param>
/// <param name="IsRadial">Whether the spread is below the limit.</param>
/// <param name="Threshold">The threshold used.</param>
public sealed record Classification(string Class, double Distance, IReadOnlyDictionary<string, double> Distances, double RadialSpread, bool IsRadial, double Threshold)
{
    /// <summary>The class of a function farther than the threshold from every solution.</summary>
    public const string Unclassified = "unclassified";
}
