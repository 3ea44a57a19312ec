namespace Pinn.Core.Symbolic;

/// <summary>The elementary functions of the expression grammar.</summary>
public enum MathFunction
{
    /// <summary>sin.</summary>
    Sin,

    /// <summary>cos.</summary>
    Cos,

    /// <summary>tan.</summary>
    Tan,

    /// <summary>exp.</summary>
    Exp,

    /// <summary>Natural logarithm.</summary>
    Log,

    /// <summary>Square root.</summary>
    Sqrt,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Absolute value.</summary>
    Abs,

    /// <summary>Hyperbolic sine.</summary>
    Sinh,

    /// <summary>Hyperbolic cosine.</summary>
    Cosh,

    /// <summary>Inverse hyperbolic sine.</summary>
    Asinh,

    /// <summary>Inverse tangent.</summary>
    Atan,

    /// <summary>The error function 2/√π ∫₀ˣ e^(−t²) dt.</summary>
    Erf,
}
