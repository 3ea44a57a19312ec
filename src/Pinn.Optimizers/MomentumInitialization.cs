namespace Pinn.Optimizers;

/// <summary>How BBI's initial momentum Π₀ ∝ −∇F is normalised.</summary>
public enum MomentumInitialization
{
    /// <summary>Each parameter tensor's block is −g_b/|g_b|·√(E²/V₀ − V₀), as the reference code does (default).</summary>
    PerBlock,

    /// <summary>−g/|g|·√(E²/V₀ − V₀) over the whole vector, as the paper's Algorithm 1 writes it.</summary>
    Global,
}
