namespace Pinn.Core.Symbolic;

/// <summary>
/// An expression compiled to a delegate (System.Linq.Expressions) for one dimension and fixed parameter values:
/// evaluating it walks no tree. Points are rows of a row-major array with <see cref="Dimension"/> columns.
/// </summary>
public sealed class CompiledExpr
{
    private readonly Func<double[], int, double, double> function;

    internal CompiledExpr(Expr source, int dimension, Func<double[], int, double, double> function)
    {
        Source = source;
        Dimension = dimension;
        this.function = function;
    }

    /// <summary>The expression that was compiled (with parameters still symbolic).</summary>
    public Expr Source { get; }

    /// <summary>The number of coordinates of a point.</summary>
    public int Dimension { get; }

    /// <summary>Evaluates at the point stored in <paramref name="points"/> at <paramref name="offset"/>.</summary>
    /// <param name="points">Row-major points.</param>
    /// <param name="offset">Index of the point's first coordinate.</param>
    /// <param name="u">Value of the unknown u (ignored when the expression does not use it).</param>
    public double Evaluate(double[] points, int offset, double u = 0) => function(points, offset, u);

    /// <summary>Evaluates at one point given by its coordinates.</summary>
    /// <param name="x">The coordinates (length ≥ <see cref="Dimension"/>).</param>
    /// <param name="u">Value of u.</param>
    public double Evaluate(ReadOnlySpan<double> x, double u = 0)
    {
        var buffer = x.Length == Dimension ? x.ToArray() : x[..Dimension].ToArray();
        return function(buffer, 0, u);
    }

    /// <summary>Evaluates a function of u alone (for nonlinearities N(u)).</summary>
    /// <param name="u">Value of u.</param>
    public double EvaluateAt(double u) => function(Array.Empty<double>(), 0, u);

    /// <summary>Evaluates at <paramref name="count"/> points; <paramref name="u"/> may be empty when unused.</summary>
    /// <param name="points">Row-major points, <c>count × Dimension</c>.</param>
    /// <param name="count">The number of points.</param>
    /// <param name="u">Values of u per point, or empty.</param>
    /// <param name="output">Receives one value per point.</param>
    public void EvaluateBatch(double[] points, int count, ReadOnlySpan<double> u, Span<double> output)
    {
        if (output.Length < count || points.Length < count * Dimension)
        {
            throw new ArgumentException("The point or output buffer is shorter than count.");
        }

        bool hasU = !u.IsEmpty;
        for (int p = 0; p < count; p++)
        {
            output[p] = function(points, p * Dimension, hasU ? u[p] : 0);
        }
    }
}
