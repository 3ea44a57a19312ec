using System.Text;

namespace Pinn.Core.Symbolic;

/// <summary>A variable: a coordinate <c>x1..xd</c>, the radius <c>r</c>, the unknown <c>u</c> or a named parameter.</summary>
/// <param name="Name">The canonical name (aliases x, y, z are stored as x1, x2, x3).</param>
public sealed record VariableExpr(string Name) : Expr
{
    /// <summary>Whether this is a coordinate x1..xd.</summary>
    public bool IsCoordinate => SymbolNames.TryCoordinateIndex(Name, out _);

    /// <inheritdoc />
    public override IEnumerable<Expr> Nodes()
    {
        yield return this;
    }

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> replacements) =>
        replacements.TryGetValue(Name, out var replacement) ? replacement : this;

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings)
    {
        if (bindings.TryGetValue(Name, out var value))
        {
            return value;
        }

        if (Name == RadiusName)
        {
            double sum = 0;
            for (int i = 1; bindings.TryGetValue("x" + i, out var xi); i++)
            {
                sum += xi * xi;
            }

            return Math.Sqrt(sum);
        }

        throw new KeyNotFoundException($"No value bound for the variable '{Name}'.");
    }

    /// <inheritdoc />
    internal override int Precedence => 5;

    /// <inheritdoc />
    internal override void Print(StringBuilder builder) => builder.Append(Name);
}
