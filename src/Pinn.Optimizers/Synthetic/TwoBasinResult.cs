namespace Pinn.Optimizers.Synthetic;

/// <summary>Result of the two-basin mixing experiment.</summary>
/// <param name="Basin1">Runs that ended in the basin of c₁.</param>
/// <param name="Basin2">Runs that ended in the basin of c₂.</param>
/// <param name="Unfinished">Runs that reached neither within the step limit.</param>
/// <param name="Prediction">The mixing prediction n₁/n₂ = √(det H₂ / det H₁).</param>
public sealed record TwoBasinResult(int Basin1, int Basin2, int Unfinished, double Prediction)
{
    /// <summary>Measured n₁/n₂.</summary>
    public double Ratio => Basin2 == 0 ? double.PositiveInfinity : (double)Basin1 / Basin2;
}
