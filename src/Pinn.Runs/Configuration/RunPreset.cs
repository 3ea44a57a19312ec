namespace Pinn.Runs.Configuration;

/// <summary>A named set of run settings: what a run file's <c>"preset"</c> names, and what its absent fields take.</summary>
public enum RunPreset
{
    /// <summary>
    /// Pinn's defaults (the options records' parameterless values, Gauss–Newton polishing on): a d = 2 or d = 3 problem
    /// like the shipped ones solved in minutes on 2 cores.
    /// </summary>
    Default,

    /// <summary>
    /// The paper's PDE experiment (Appendix B): N = 200, D = 3, 10⁴ + 10³ fixed points, γ = 1e5, λ = 2e-4, BBI with
    /// Δt = 8·10⁻⁶ for 2·10⁶ steps, one member, no polishing — days on 2 cores.
    /// </summary>
    Paper,
}
