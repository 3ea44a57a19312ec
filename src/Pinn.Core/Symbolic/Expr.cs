using System.Globalization;

namespace Pinn.Core.Symbolic;

/// <summary>
/// An immutable symbolic expression over the coordinates <c>x1..xd</c>, the radius <c>r = |x|</c>, the unknown
/// <c>u</c>, named parameters and numbers. Trees compare by structure, print in the grammar that
/// <see cref="ExprParser"/> reads back, differentiate exactly and compile to fast delegates.
/// </summary>
/// <remarks>
/// Build trees with the static members (<see cref="X"/>, <see cref="R"/>, <see cref="U"/>, <see cref="Sin"/> …)
/// and the operators <c>+ − * / ^</c>: <c>Expr.Sin(20 * (R ^ 2)) ^ 2</c>. Note that C#'s <c>^</c> binds more
/// loosely than <c>*</c> and <c>+</c>, so parenthesise powers inside products.
/// </remarks>
public abstract record Expr
{
    /// <summary>The name of the radius variable, <c>r = |x|</c>.</summary>
    public const string RadiusName = "r";

    /// <summary>The name of the unknown function's value, <c>u</c>.</summary>
    public const string UnknownName = "u";

    /// <summary>The coordinate <c>x1</c> (alias <c>x</c>).</summary>
    public static Expr X { get; } = new VariableExpr("x1");

    /// <summary>The coordinate <c>x2</c> (alias <c>y</c>).</summary>
    public static Expr Y { get; } = new VariableExpr("x2");

    /// <summary>The coordinate <c>x3</c> (alias <c>z</c>).</summary>
    public static Expr Z { get; } = new VariableExpr("x3");

    /// <summary>The radius <c>r = |x|</c>.</summary>
    public static Expr R { get; } = new VariableExpr(RadiusName);

    /// <summary>The squared radius <c>r^2</c>.</summary>
    public static Expr R2 { get; } = new BinaryExpr(BinaryOperator.Power, new VariableExpr(RadiusName), new ConstantExpr(2));

    /// <summary>The unknown <c>u</c>.</summary>
    public static Expr U { get; } = new VariableExpr(UnknownName);

    /// <summary>The constant π, printed as <c>pi</c>.</summary>
    public static Expr Pi { get; } = new ConstantExpr(Math.PI, "pi");

    /// <summary>Euler's number, printed as <c>e</c>.</summary>
    public static Expr E { get; } = new ConstantExpr(Math.E, "e");

    /// <summary>The coordinate <c>x_index</c> (1-based).</summary>
    /// <param name="index">The coordinate index, at least 1.</param>
    public static Expr Coordinate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        return new VariableExpr("x" + index.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A named parameter whose value is bound when the expression is evaluated or compiled.</summary>
    /// <param name="name">The parameter name (letters, digits and '_', starting with a letter, not reserved).</param>
    public static Expr Parameter(string name)
    {
        if (!SymbolNames.IsValidParameterName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid parameter name: use letters, digits and '_', start with a letter, and avoid the reserved names x, y, z, xN, r, u, pi, e and function names.");
        }

        return new VariableExpr(name);
    }

    /// <summary>A numeric constant.</summary>
    /// <param name="value">The value.</param>
    public static Expr Number(double value) => new ConstantExpr(value);

    /// <summary>sin(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Sin(Expr a) => new FunctionExpr(MathFunction.Sin, a);

    /// <summary>cos(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Cos(Expr a) => new FunctionExpr(MathFunction.Cos, a);

    /// <summary>tan(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Tan(Expr a) => new FunctionExpr(MathFunction.Tan, a);

    /// <summary>exp(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Exp(Expr a) => new FunctionExpr(MathFunction.Exp, a);

    /// <summary>Natural logarithm log(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Log(Expr a) => new FunctionExpr(MathFunction.Log, a);

    /// <summary>sqrt(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Sqrt(Expr a) => new FunctionExpr(MathFunction.Sqrt, a);

    /// <summary>tanh(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Tanh(Expr a) => new FunctionExpr(MathFunction.Tanh, a);

    /// <summary>sinh(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Sinh(Expr a) => new FunctionExpr(MathFunction.Sinh, a);

    /// <summary>cosh(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Cosh(Expr a) => new FunctionExpr(MathFunction.Cosh, a);

    /// <summary>asinh(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Asinh(Expr a) => new FunctionExpr(MathFunction.Asinh, a);

    /// <summary>atan(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Atan(Expr a) => new FunctionExpr(MathFunction.Atan, a);

    /// <summary>erf(a).</summary>
    /// <param name="a">The argument.</param>
    public static Expr Erf(Expr a) => new FunctionExpr(MathFunction.Erf, a);

    /// <summary>|a|.</summary>
    /// <param name="a">The argument.</param>
    public static Expr Abs(Expr a) => new FunctionExpr(MathFunction.Abs, a);

    /// <summary>Negation; a negated constant becomes a negative constant so printing round-trips.</summary>
    /// <param name="a">The operand.</param>
    public static Expr Negate(Expr a) => a is ConstantExpr { Name: null } c ? new ConstantExpr(-c.Value) : new NegateExpr(a);

    /// <summary>Parses an expression in the Pinn grammar; see <see cref="ExprParser"/>.</summary>
    /// <param name="text">The text, e.g. <c>sin(20*r^2)^2</c>.</param>
    public static Expr Parse(string text) => ExprParser.Parse(text);

    /// <summary>Implicit conversion from a number.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator Expr(double value) => new ConstantExpr(value);

    /// <summary>a + b.</summary>
    public static Expr operator +(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Add, a, b);

    /// <summary>a − b.</summary>
    public static Expr operator -(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Subtract, a, b);

    /// <summary>a · b.</summary>
    public static Expr operator *(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Multiply, a, b);

    /// <summary>a / b.</summary>
    public static Expr operator /(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Divide, a, b);

    /// <summary>a ^ b (power). C# gives <c>^</c> a low precedence: write <c>(a ^ 2) * b</c>.</summary>
    public static Expr operator ^(Expr a, Expr b) => new BinaryExpr(BinaryOperator.Power, a, b);

    /// <summary>−a.</summary>
    public static Expr operator -(Expr a) => Negate(a);

    /// <summary>Visits every node, depth first, parents before children.</summary>
    public abstract IEnumerable<Expr> Nodes();

    /// <summary>The names of all variables (coordinates, r, u and parameters) that occur in the tree.</summary>
    public IReadOnlySet<string> Variables()
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in Nodes())
        {
            if (node is VariableExpr v)
            {
                set.Add(v.Name);
            }
        }

        return set;
    }

    /// <summary>Whether the variable <paramref name="name"/> occurs in the tree.</summary>
    /// <param name="name">The variable name.</param>
    public bool Contains(string name) => Nodes().Any(n => n is VariableExpr v && v.Name == name);

    /// <summary>Replaces every occurrence of the named variables by expressions.</summary>
    /// <param name="replacements">Variable name → replacement.</param>
    public abstract Expr Substitute(IReadOnlyDictionary<string, Expr> replacements);

    /// <summary>Replaces one variable by an expression.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="replacement">The replacement.</param>
    public Expr Substitute(string name, Expr replacement) =>
        Substitute(new Dictionary<string, Expr>(StringComparer.Ordinal) { [name] = replacement });

    /// <summary>Exact partial derivative; see <see cref="Differentiation.Derivative"/>.</summary>
    /// <param name="variable">The variable: a coordinate (with the chain rule through r), r, u or a parameter.</param>
    public Expr Derivative(string variable) => Differentiation.Derivative(this, variable);

    /// <summary>Exact Laplacian Σᵢ ∂²/∂xᵢ² in <paramref name="dimension"/> dimensions, simplified.</summary>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    public Expr Laplacian(int dimension) => Differentiation.Laplacian(this, dimension);

    /// <summary>Constant folding and algebraic simplification; see <see cref="Simplifier"/>.</summary>
    public Expr Simplify() => Simplifier.Simplify(this);

    /// <summary>Evaluates the tree directly (slow; for tests and one-off values). Use <see cref="ExprCompiler"/> for many points.</summary>
    /// <param name="bindings">Values of every variable in the tree (coordinates by their canonical names x1.., r, u, parameters).</param>
    public abstract double Evaluate(IReadOnlyDictionary<string, double> bindings);

    /// <summary>Precedence used by the printer: 1 sums, 2 products, 3 negation, 4 powers, 5 atoms.</summary>
    internal abstract int Precedence { get; }

    /// <summary>Appends the readable form to a builder.</summary>
    internal abstract void Print(System.Text.StringBuilder builder);

    /// <summary>The readable form, which <see cref="ExprParser"/> parses back to an equal tree.</summary>
    public sealed override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        Print(builder);
        return builder.ToString();
    }

    /// <summary>Prints a child, in parentheses when its precedence is below <paramref name="minimum"/>.</summary>
    internal static void PrintChild(System.Text.StringBuilder builder, Expr child, int minimum)
    {
        if (child.Precedence < minimum)
        {
            builder.Append('(');
            child.Print(builder);
            builder.Append(')');
        }
        else
        {
            child.Print(builder);
        }
    }
}
