using System.Globalization;
using System.Text;

namespace Pinn.Core.Symbolic;

/// <summary>A numeric constant; <paramref name="Name"/> is set for the named constants <c>pi</c> and <c>e</c>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Name">The printed name, or null for a plain number.</param>
public sealed record ConstantExpr(double Value, string? Name = null) : Expr
{
    /// <summary>Whether this is the plain number <paramref name="value"/>.</summary>
    /// <param name="value">The value to compare with.</param>
    public bool Is(double value) => Name is null && Value == value;

    /// <inheritdoc />
    public override IEnumerable<Expr> Nodes()
    {
        yield return this;
    }

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> replacements) => this;

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings) => Value;

    /// <inheritdoc />
    internal override int Precedence => Name is null && (Value < 0 || double.IsNegative(Value)) ? 3 : 5;

    /// <inheritdoc />
    internal override void Print(StringBuilder builder)
    {
        if (Name is not null)
        {
            builder.Append(Name);
            return;
        }

        builder.Append(FormatNumber(Value));
    }

    /// <summary>Shortest round-trip invariant form of a double, e.g. <c>0.5</c>, <c>1E-05</c>.</summary>
    /// <param name="value">The value.</param>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
