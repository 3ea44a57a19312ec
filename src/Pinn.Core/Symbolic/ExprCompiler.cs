using System.Linq.Expressions;
using System.Reflection;
using Linq = System.Linq.Expressions.Expression;

namespace Pinn.Core.Symbolic;

/// <summary>Compiles expression trees to delegates with System.Linq.Expressions.</summary>
public static class ExprCompiler
{
    private static readonly MethodInfo Pow = typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!;
    private static readonly MethodInfo SqrtMethod = typeof(Math).GetMethod(nameof(Math.Sqrt), [typeof(double)])!;

    /// <summary>Compiles an expression for points of <paramref name="dimension"/> coordinates.</summary>
    /// <param name="expr">The expression.</param>
    /// <param name="dimension">The dimension d: coordinates x1..xd may be used.</param>
    /// <param name="parameters">Values of the named parameters, bound as constants.</param>
    /// <exception cref="ArgumentException">A variable is neither a coordinate ≤ d, r, u nor a bound parameter.</exception>
    public static CompiledExpr Compile(Expr expr, int dimension, IReadOnlyDictionary<string, double>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 0);
        parameters ??= new Dictionary<string, double>();
        var points = Linq.Parameter(typeof(double[]), "points");
        var offset = Linq.Parameter(typeof(int), "offset");
        var u = Linq.Parameter(typeof(double), "u");
        var radius = Linq.Variable(typeof(double), "r");
        bool usesRadius = expr.Contains(Expr.RadiusName);

        Linq Coordinate(int index) => Linq.ArrayIndex(points, Linq.Add(offset, Linq.Constant(index - 1)));

        Linq Build(Expr e)
        {
            switch (e)
            {
                case ConstantExpr c:
                    return Linq.Constant(c.Value);
                case VariableExpr v:
                    if (v.Name == Expr.UnknownName)
                    {
                        return u;
                    }

                    if (v.Name == Expr.RadiusName)
                    {
                        return radius;
                    }

                    if (SymbolNames.TryCoordinateIndex(v.Name, out int index))
                    {
                        if (index > dimension)
                        {
                            throw new ArgumentException($"The expression uses {v.Name}, which does not exist in dimension {dimension}.", nameof(expr));
                        }

                        return Coordinate(index);
                    }

                    if (parameters.TryGetValue(v.Name, out double value))
                    {
                        return Linq.Constant(value);
                    }

                    throw new ArgumentException($"The parameter '{v.Name}' has no value: give it one in 'parameters'.", nameof(expr));
                case NegateExpr n:
                    return Linq.Negate(Build(n.Operand));
                case FunctionExpr f:
                    return Linq.Call(FunctionExpr.Method(f.Function), Build(f.Argument));
                case BinaryExpr b:
                {
                    if (b.Operator == BinaryOperator.Power && b.Right is ConstantExpr { Name: null } k && k.Value is 2 or 3 or 4 or -1 or -2 or 0.5 or 1)
                    {
                        return IntegerPower(Build(b.Left), k.Value);
                    }

                    var left = Build(b.Left);
                    var right = Build(b.Right);
                    return b.Operator switch
                    {
                        BinaryOperator.Add => Linq.Add(left, right),
                        BinaryOperator.Subtract => Linq.Subtract(left, right),
                        BinaryOperator.Multiply => Linq.Multiply(left, right),
                        BinaryOperator.Divide => Linq.Divide(left, right),
                        _ => Linq.Call(Pow, left, right),
                    };
                }

                default:
                    throw new ArgumentException($"Cannot compile node {e.GetType().Name}.", nameof(expr));
            }
        }

        var body = Build(expr);
        Linq block;
        if (usesRadius)
        {
            Linq sum = Linq.Constant(0.0);
            for (int i = 1; i <= dimension; i++)
            {
                var xi = Coordinate(i);
                sum = Linq.Add(sum, Linq.Multiply(xi, xi));
            }

            block = Linq.Block([radius], Linq.Assign(radius, Linq.Call(SqrtMethod, sum)), body);
        }
        else
        {
            block = body;
        }

        var lambda = Linq.Lambda<Func<double[], int, double, double>>(block, points, offset, u);
        return new CompiledExpr(expr, dimension, lambda.Compile());
    }

    private static Linq IntegerPower(Linq value, double exponent)
    {
        // Evaluate the base once; matches BinaryExpr.IntegerPower so compiled and tree evaluation agree exactly.
        var t = Linq.Variable(typeof(double), "t");
        Linq result = exponent switch
        {
            1 => t,
            2 => Linq.Multiply(t, t),
            3 => Linq.Multiply(Linq.Multiply(t, t), t),
            4 => Linq.Multiply(Linq.Multiply(t, t), Linq.Multiply(t, t)),
            -1 => Linq.Divide(Linq.Constant(1.0), t),
            -2 => Linq.Divide(Linq.Constant(1.0), Linq.Multiply(t, t)),
            _ => Linq.Call(Pow, t, Linq.Constant(exponent)),
        };
        return Linq.Block([t], Linq.Assign(t, value), result);
    }
}
