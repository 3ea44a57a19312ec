namespace Pinn.Core.Symbolic;

/// <summary>The binary operators of the expression grammar.</summary>
public enum BinaryOperator
{
    /// <summary>+.</summary>
    Add,

    /// <summary>−.</summary>
    Subtract,

    /// <summary>·.</summary>
    Multiply,

    /// <summary>/.</summary>
    Divide,

    /// <summary>^ (power, right-associative).</summary>
    Power,
}
