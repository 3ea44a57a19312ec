namespace Pinn.Plotting;

/// <summary>Linear or base-10 logarithmic axis.</summary>
public enum AxisScale
{
    /// <summary>Linear.</summary>
    Linear,

    /// <summary>Logarithmic (positive values only; others are skipped).</summary>
    Log,
}
