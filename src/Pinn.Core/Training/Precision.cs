namespace Pinn.Core.Training;

/// <summary>Floating-point precision of the network and optimizer vectors.</summary>
public enum Precision
{
    /// <summary>float32 (fast; the default).</summary>
    F32,

    /// <summary>float64 (verification).</summary>
    F64,
}
