using System.Text;

namespace Pinn.Core.Symbolic;

/// <summary>Unary minus. Create it with <see cref="Expr.Negate"/> so that negated numbers stay constants.</summary>
/// <param name="Operand">The negated expression.</param>
public sealed record NegateExpr(Expr Operand) : Expr
{
    /// <inheritdoc />
    public override IEnumerable<Expr> Nodes()
    {
        yield return this;
        foreach (var n in Operand.Nodes())
        {
            yield return n;
        }
    }

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> replacements) => Negate(Operand.Substitute(replacements));

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings) => -Operand.Evaluate(bindings);

    /// <inheritdoc />
    internal override int Precedence => 3;

    /// <inheritdoc />
    internal override void Print(StringBuilder builder)
    {
        builder.Append('-');
        PrintChild(builder, Operand, 3);
    }
}
