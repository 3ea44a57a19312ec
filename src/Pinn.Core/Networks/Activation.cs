namespace Pinn.Core.Networks;

/// <summary>The activation σ of the residual network.</summary>
public enum Activation
{
    /// <summary>Logistic sigmoid 1/(1 + e^−z) (the paper's).</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Sine.</summary>
    Sin,
}
