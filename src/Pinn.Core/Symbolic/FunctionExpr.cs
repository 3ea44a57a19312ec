using System.Text;

namespace Pinn.Core.Symbolic;

/// <summary>An elementary function applied to an argument.</summary>
/// <param name="Function">The function.</param>
/// <param name="Argument">The argument.</param>
public sealed record FunctionExpr(MathFunction Function, Expr Argument) : Expr
{
    /// <summary>The function's name in the grammar.</summary>
    public string FunctionName => SymbolNames.FunctionName(Function);

    /// <summary>Applies the function to a number.</summary>
    /// <param name="function">The function.</param>
    /// <param name="x">The argument.</param>
    public static double Apply(MathFunction function, double x) => function switch
    {
        MathFunction.Sin => Math.Sin(x),
        MathFunction.Cos => Math.Cos(x),
        MathFunction.Tan => Math.Tan(x),
        MathFunction.Exp => Math.Exp(x),
        MathFunction.Log => Math.Log(x),
        MathFunction.Sqrt => Math.Sqrt(x),
        MathFunction.Tanh => Math.Tanh(x),
        MathFunction.Abs => Math.Abs(x),
        MathFunction.Sinh => Math.Sinh(x),
        MathFunction.Cosh => Math.Cosh(x),
        MathFunction.Asinh => Math.Asinh(x),
        MathFunction.Atan => Math.Atan(x),
        MathFunction.Erf => ErrorFunction.Erf(x),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown function."),
    };

    /// <summary>The static double → double method that compiled expressions call for a function.</summary>
    /// <param name="function">The function.</param>
    public static System.Reflection.MethodInfo Method(MathFunction function) => function switch
    {
        MathFunction.Erf => typeof(ErrorFunction).GetMethod(nameof(ErrorFunction.Erf))!,
        MathFunction.Sin or MathFunction.Cos or MathFunction.Tan or MathFunction.Exp or MathFunction.Log or MathFunction.Sqrt
            or MathFunction.Tanh or MathFunction.Abs or MathFunction.Sinh or MathFunction.Cosh or MathFunction.Asinh or MathFunction.Atan
            => typeof(Math).GetMethod(function.ToString(), [typeof(double)])!,
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown function."),
    };

    /// <inheritdoc />
    public override IEnumerable<Expr> Nodes()
    {
        yield return this;
        foreach (var n in Argument.Nodes())
        {
            yield return n;
        }
    }

    /// <inheritdoc />
    public override Expr Substitute(IReadOnlyDictionary<string, Expr> replacements) => this with { Argument = Argument.Substitute(replacements) };

    /// <inheritdoc />
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings) => Apply(Function, Argument.Evaluate(bindings));

    /// <inheritdoc />
    internal override int Precedence => 5;

    /// <inheritdoc />
    internal override void Print(StringBuilder builder)
    {
        builder.Append(FunctionName).Append('(');
        Argument.Print(builder);
        builder.Append(')');
    }
}
