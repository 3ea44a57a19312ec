namespace Pinn.Core.Optimization;

/// <summary>What one optimizer call did.</summary>
public enum StepOutcome
{
    /// <summary>θ moved.</summary>
    Moved,

    /// <summary>BBI bounce: the momentum was redrawn; θ did not move.</summary>
    Bounced,

    /// <summary>BBI with V = F − ΔV ≤ ε₂: a complete no-op (the dynamics has stopped).</summary>
    Frozen,

    /// <summary>
    /// BBI with V = F − ΔV ≤ ε₂ before its first normal step: the same no-op as <see cref="Frozen"/>, but the dynamics
    /// has never moved and cannot (ΔV is at or above the initial loss); the trainer stops the member with that reason.
    /// </summary>
    CannotStart,

    /// <summary>BBI with adaptive ΔV: V went below zero, ΔV was lowered and the step skipped.</summary>
    ShiftLowered,
}
