namespace Pinn.Core.Symbolic;

/// <summary>
/// Exact symbolic differentiation. The radius r = |x| is a function of the coordinates: the derivative with
/// respect to a coordinate xᵢ applies the chain rule ∂r/∂xᵢ = xᵢ/r, and the Laplacian uses
/// ∇²E = Σᵢ E_{xᵢxᵢ} + (2/r) Σᵢ xᵢ E_{r xᵢ} + E_{rr} + (d − 1) E_r / r (partials with r and x independent),
/// which keeps radial expressions free of spurious 1/r singularities after simplification.
/// </summary>
public static class Differentiation
{
    /// <summary>The simplified derivative of <paramref name="expr"/> with respect to <paramref name="variable"/>.</summary>
    /// <param name="expr">The expression.</param>
    /// <param name="variable">A coordinate (x1.. or the aliases x, y, z: chain rule through r), r, u or a parameter name (partial).</param>
    public static Expr Derivative(Expr expr, string variable)
    {
        variable = SymbolNames.Canonical(variable);
        if (!SymbolNames.TryCoordinateIndex(variable, out _))
        {
            return Simplifier.Simplify(Partial(expr, variable));
        }

        var explicitPart = Partial(expr, variable);
        if (!expr.Contains(Expr.RadiusName))
        {
            return Simplifier.Simplify(explicitPart);
        }

        var radial = Partial(expr, Expr.RadiusName);
        return Simplifier.Simplify(explicitPart + (radial * new VariableExpr(variable) / Expr.R));
    }

    /// <summary>The simplified Laplacian Σᵢ ∂²E/∂xᵢ² in <paramref name="dimension"/> dimensions.</summary>
    /// <param name="expr">An expression in the coordinates x1..xd and r.</param>
    /// <param name="dimension">The dimension d ≥ 1.</param>
    /// <exception cref="ArgumentException">The expression uses a coordinate beyond d.</exception>
    public static Expr Laplacian(Expr expr, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        foreach (var name in expr.Variables())
        {
            if (SymbolNames.TryCoordinateIndex(name, out int index) && index > dimension)
            {
                throw new ArgumentException($"The expression uses {name}, which does not exist in dimension {dimension}.", nameof(expr));
            }
        }

        Expr total = 0.0;
        for (int i = 1; i <= dimension; i++)
        {
            string xi = "x" + i;
            total += Partial(Partial(expr, xi), xi);
        }

        if (expr.Contains(Expr.RadiusName))
        {
            var er = Simplifier.Simplify(Partial(expr, Expr.RadiusName));
            Expr cross = 0.0;
            for (int i = 1; i <= dimension; i++)
            {
                string xi = "x" + i;
                cross += new VariableExpr(xi) * Partial(er, xi);
            }

            total += (2.0 * cross / Expr.R) + Partial(er, Expr.RadiusName) + ((dimension - 1.0) * er / Expr.R);
        }

        return Simplifier.Simplify(total);
    }

    /// <summary>The partial derivative treating every variable (r included) as independent; not simplified.</summary>
    /// <param name="expr">The expression.</param>
    /// <param name="variable">The canonical variable name.</param>
    public static Expr Partial(Expr expr, string variable)
    {
        if (!expr.Contains(variable))
        {
            return 0.0;
        }

        switch (expr)
        {
            case VariableExpr v:
                return v.Name == variable ? 1.0 : 0.0;
            case NegateExpr n:
                return Expr.Negate(Partial(n.Operand, variable));
            case FunctionExpr f:
                return Outer(f) * Partial(f.Argument, variable);
            case BinaryExpr b:
            {
                var a = b.Left;
                var c = b.Right;
                switch (b.Operator)
                {
                    case BinaryOperator.Add:
                        return Partial(a, variable) + Partial(c, variable);
                    case BinaryOperator.Subtract:
                        return Partial(a, variable) - Partial(c, variable);
                    case BinaryOperator.Multiply:
                        return (Partial(a, variable) * c) + (a * Partial(c, variable));
                    case BinaryOperator.Divide:
                        return (Partial(a, variable) / c) - (a * Partial(c, variable) / (c ^ 2.0));
                    default:
                        if (!c.Contains(variable))
                        {
                            return c * (a ^ (c - 1.0)) * Partial(a, variable);
                        }

                        if (!a.Contains(variable))
                        {
                            return (a ^ c) * Expr.Log(a) * Partial(c, variable);
                        }

                        return (a ^ c) * ((Partial(c, variable) * Expr.Log(a)) + (c * Partial(a, variable) / a));
                }
            }

            default:
                return 0.0;
        }
    }

    private static Expr Outer(FunctionExpr f)
    {
        var a = f.Argument;
        return f.Function switch
        {
            MathFunction.Sin => Expr.Cos(a),
            MathFunction.Cos => -Expr.Sin(a),
            MathFunction.Tan => 1.0 / (Expr.Cos(a) ^ 2.0),
            MathFunction.Exp => Expr.Exp(a),
            MathFunction.Log => 1.0 / a,
            MathFunction.Sqrt => 0.5 / Expr.Sqrt(a),
            MathFunction.Tanh => 1.0 - (Expr.Tanh(a) ^ 2.0),
            MathFunction.Abs => a / Expr.Abs(a),
            MathFunction.Sinh => Expr.Cosh(a),
            MathFunction.Cosh => Expr.Sinh(a),
            MathFunction.Asinh => 1.0 / Expr.Sqrt((a ^ 2.0) + 1.0),
            MathFunction.Atan => 1.0 / (1.0 + (a ^ 2.0)),
            MathFunction.Erf => new ConstantExpr(2 / Math.Sqrt(Math.PI)) * Expr.Exp(-(a ^ 2.0)),
            _ => throw new ArgumentOutOfRangeException(nameof(f), f.Function, "Unknown function."),
        };
    }
}
