using System.Text;

namespace Pinn.Core.Symbolic;

/// <summary>A binary operation.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right) : Expr
{
    /// <summary>Applies the operator to numbers.</summary>
    /// <param name="op">The operator.</param>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    public static double Apply(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.Divide => a / b,
        BinaryOperator.Power => IntegerPower(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operator."),
    };

    /// <summary>a^b with exact repeated multiplication for small integer exponents (matches the compiled code).</summary>
    /// <param name="a">Base.</param>
    /// <param name="b">Exponent.</param>
    public static double IntegerPower(double a, double b) => b switch
    {
        1 => a,
        2 => a * a,
        3 => a * a * a,
        4 => a * a * (a * a),
        -1 => 1 / a,
        -2 => 1 / (a * a),
        _ => Math.Pow(a, b),
    };

    /// <inheritdoc />
    public override IEnumerable<Expr> Nodes()
    {
        yield return this;
        foreach (var n in Left.Nodes())
        {
            yield return n;
        }

        foreach (var n in Right.Nodes())
        {
            yield return n;
        }
    }

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> replacements) =>
        this with { Left = Left.Substitute(replacements), Right = Right.Substitute(replacements) };

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings) =>
        Apply(Operator, Left.Evaluate(bindings), Right.Evaluate(bindings));

    /// <inheritdoc />
    internal override int Precedence => Operator switch
    {
        BinaryOperator.Add or BinaryOperator.Subtract => 1,
        BinaryOperator.Multiply or BinaryOperator.Divide => 2,
        _ => 4,
    };

    /// <inheritdoc />
    internal override void Print(StringBuilder builder)
    {
        int p = Precedence;
        if (Operator == BinaryOperator.Power)
        {
            // Right-associative: the base must be an atom, the exponent may be another power or a negation.
            PrintChild(builder, Left, 5);
            builder.Append('^');
            PrintChild(builder, Right, 3);
            return;
        }

        // Left-associative: the left operand may share the precedence, the right one must bind tighter.
        PrintChild(builder, Left, p);
        builder.Append(Operator switch
        {
            BinaryOperator.Add => " + ",
            BinaryOperator.Subtract => " - ",
            BinaryOperator.Multiply => "*",
            _ => "/",
        });
        PrintChild(builder, Right, p + 1);
    }
}
