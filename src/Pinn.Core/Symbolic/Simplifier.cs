namespace Pinn.Core.Symbolic;

/// <summary>
/// Algebraic simplification that keeps derived expressions small: constant folding (never folding to a
/// non-finite value, never folding the named constants pi and e), sums collected into like terms with numeric
/// coefficients (a + 0 → a, 2a − a → a), products collected into powers of equal bases (0·a → 0, 1·a → a,
/// r·r⁻¹ → 1, a^1 → a). Factors are sorted by their printed form so that equal products compare equal.
/// The result is mathematically equal wherever the input is defined; removable singularities such as r/r at
/// r = 0 are removed.
/// </summary>
public static class Simplifier
{
    /// <summary>Simplifies an expression.</summary>
    /// <param name="expr">The expression.</param>
    public static Expr Simplify(Expr expr) => expr switch
    {
        ConstantExpr or VariableExpr => expr,
        NegateExpr or BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } => BuildProduct(CollectProduct(expr)),
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => BuildSum(CollectSum(expr)),
        BinaryExpr { Operator: BinaryOperator.Power } p => SimplifyPower(p),
        FunctionExpr f => SimplifyFunction(f),
        _ => expr,
    };

    private static bool IsPlain(Expr e, out double value)
    {
        if (e is ConstantExpr { Name: null } c)
        {
            value = c.Value;
            return true;
        }

        value = 0;
        return false;
    }

    private static Expr SimplifyFunction(FunctionExpr f)
    {
        var argument = Simplify(f.Argument);
        if (IsPlain(argument, out double a))
        {
            double v = FunctionExpr.Apply(f.Function, a);
            if (double.IsFinite(v))
            {
                return new ConstantExpr(v);
            }
        }

        return f with { Argument = argument };
    }

    private static Expr SimplifyPower(BinaryExpr p)
    {
        var product = CollectProduct(p);
        return BuildProduct(product);
    }

    private sealed class Product
    {
        public double Coefficient = 1;

        public readonly List<(Expr Base, double Exponent)> Factors = [];

        public void Multiply(Expr @base, double exponent)
        {
            if (exponent == 0)
            {
                return;
            }

            for (int i = 0; i < Factors.Count; i++)
            {
                if (Factors[i].Base.Equals(@base))
                {
                    Factors[i] = (@base, Factors[i].Exponent + exponent);
                    return;
                }
            }

            Factors.Add((@base, exponent));
        }
    }

    private static Product CollectProduct(Expr expr)
    {
        var product = new Product();
        Collect(expr, 1, product);
        product.Factors.RemoveAll(f => f.Exponent == 0);
        product.Factors.Sort((a, b) => string.CompareOrdinal(a.Base.ToString(), b.Base.ToString()));
        return product;
    }

    private static void Collect(Expr expr, double exponent, Product product)
    {
        switch (expr)
        {
            case NegateExpr n:
                if (IsOddInteger(exponent) || exponent == 1)
                {
                    product.Coefficient = -product.Coefficient;
                    Collect(n.Operand, exponent, product);
                }
                else if (IsEvenInteger(exponent))
                {
                    Collect(n.Operand, exponent, product);
                }
                else
                {
                    product.Multiply(Simplify(n), exponent);
                }

                return;
            case BinaryExpr { Operator: BinaryOperator.Multiply } m:
                Collect(m.Left, exponent, product);
                Collect(m.Right, exponent, product);
                return;
            case BinaryExpr { Operator: BinaryOperator.Divide } d:
                Collect(d.Left, exponent, product);
                Collect(d.Right, -exponent, product);
                return;
            case BinaryExpr { Operator: BinaryOperator.Power } p:
            {
                var exponentExpr = Simplify(p.Right);
                if (IsPlain(exponentExpr, out double k) && (IsInteger(exponent) || exponent == 1))
                {
                    if (IsInteger(k) || exponent == 1)
                    {
                        Collect(p.Left, k * exponent, product);
                        return;
                    }
                }

                var @base = Simplify(p.Left);
                if (IsPlain(@base, out double b) && IsPlain(exponentExpr, out double k2))
                {
                    double folded = Math.Pow(BinaryExpr.IntegerPower(b, k2), exponent);
                    if (double.IsFinite(folded))
                    {
                        product.Coefficient *= folded;
                        return;
                    }
                }

                if (IsPlain(exponentExpr, out double k3) && k3 == 0)
                {
                    return; // a^0 = 1
                }

                if (IsPlain(@base, out double b1) && b1 == 1)
                {
                    return;
                }

                product.Multiply(new BinaryExpr(BinaryOperator.Power, @base, exponentExpr), exponent);
                return;
            }

            default:
            {
                var simplified = expr is BinaryExpr or FunctionExpr ? Simplify(expr) : expr;
                if (!ReferenceEquals(simplified, expr) && simplified is NegateExpr or BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Power })
                {
                    Collect(simplified, exponent, product);
                    return;
                }

                if (IsPlain(simplified, out double c))
                {
                    double folded = BinaryExpr.IntegerPower(c, exponent);
                    if (double.IsFinite(folded) && (c != 0 || exponent > 0))
                    {
                        product.Coefficient *= folded;
                        return;
                    }
                }

                product.Multiply(simplified, exponent);
                return;
            }
        }
    }

    private static bool IsInteger(double x) => Math.Abs(x) < 1e15 && x == Math.Floor(x);

    private static bool IsEvenInteger(double x) => IsInteger(x) && x % 2 == 0;

    private static bool IsOddInteger(double x) => IsInteger(x) && Math.Abs(x % 2) == 1;

    private static Expr Power(Expr @base, double exponent) =>
        exponent == 1 ? @base : new BinaryExpr(BinaryOperator.Power, @base, new ConstantExpr(exponent));

    private static Expr BuildProduct(Product product)
    {
        if (product.Coefficient == 0)
        {
            return new ConstantExpr(0);
        }

        Expr? numerator = null;
        Expr? denominator = null;
        foreach (var (b, k) in product.Factors)
        {
            if (k > 0)
            {
                var f = Power(b, k);
                numerator = numerator is null ? f : new BinaryExpr(BinaryOperator.Multiply, numerator, f);
            }
            else
            {
                var f = Power(b, -k);
                denominator = denominator is null ? f : new BinaryExpr(BinaryOperator.Multiply, denominator, f);
            }
        }

        double c = product.Coefficient;
        bool negative = c < 0;
        double magnitude = Math.Abs(c);
        Expr body;
        if (numerator is null)
        {
            body = new ConstantExpr(magnitude);
        }
        else
        {
            body = magnitude == 1 ? numerator : Scale(magnitude, numerator);
        }

        if (denominator is not null)
        {
            body = new BinaryExpr(BinaryOperator.Divide, body, denominator);
        }

        return negative ? NegateLeading(body) : body;
    }

    /// <summary>Negates a product by negating its leftmost factor, so it prints as −a*b rather than −(a*b).</summary>
    private static Expr NegateLeading(Expr term) => term switch
    {
        BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } m => m with { Left = NegateLeading(m.Left) },
        _ => Expr.Negate(term),
    };

    /// <summary>Puts a numeric coefficient in front of a left-associated product: 2*a*b rather than 2*(a*b).</summary>
    private static Expr Scale(double c, Expr term) => term switch
    {
        BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } m => m with { Left = Scale(c, m.Left) },
        _ => new BinaryExpr(BinaryOperator.Multiply, new ConstantExpr(c), term),
    };

    private static List<(Expr Term, double Coefficient)> CollectSum(Expr expr)
    {
        var terms = new List<(Expr Term, double Coefficient)>();
        double constant = 0;
        AddTerms(expr, 1, terms, ref constant);
        terms.RemoveAll(t => t.Coefficient == 0);
        if (constant != 0)
        {
            terms.Add((new ConstantExpr(1), constant));
        }

        return terms;
    }

    private static void AddTerms(Expr expr, double sign, List<(Expr Term, double Coefficient)> terms, ref double constant)
    {
        if (expr is BinaryExpr { Operator: BinaryOperator.Add } a)
        {
            AddTerms(a.Left, sign, terms, ref constant);
            AddTerms(a.Right, sign, terms, ref constant);
            return;
        }

        if (expr is BinaryExpr { Operator: BinaryOperator.Subtract } s)
        {
            AddTerms(s.Left, sign, terms, ref constant);
            AddTerms(s.Right, -sign, terms, ref constant);
            return;
        }

        if (expr is NegateExpr n)
        {
            AddTerms(n.Operand, -sign, terms, ref constant);
            return;
        }

        var simplified = Simplify(expr);
        if (simplified is BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } or NegateExpr)
        {
            AddTerms(simplified, sign, terms, ref constant);
            return;
        }

        if (IsPlain(simplified, out double c))
        {
            constant += sign * c;
            return;
        }

        double coefficient = sign;
        Expr term = simplified;
        if (simplified is BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Power })
        {
            var product = CollectProduct(simplified);
            coefficient *= product.Coefficient;
            product.Coefficient = 1;
            term = BuildProduct(product);
            if (IsPlain(term, out double one))
            {
                constant += coefficient * one;
                return;
            }
        }

        for (int i = 0; i < terms.Count; i++)
        {
            if (terms[i].Term.Equals(term))
            {
                terms[i] = (term, terms[i].Coefficient + coefficient);
                return;
            }
        }

        terms.Add((term, coefficient));
    }

    private static Expr BuildSum(List<(Expr Term, double Coefficient)> terms)
    {
        if (terms.Count == 0)
        {
            return new ConstantExpr(0);
        }

        // Lead with a positive term when there is one, so that the sum does not start with a minus sign.
        int lead = terms.FindIndex(t => t.Coefficient > 0);
        if (lead > 0)
        {
            var first = terms[lead];
            terms.RemoveAt(lead);
            terms.Insert(0, first);
        }

        Expr? sum = null;
        foreach (var (term, coefficient) in terms)
        {
            if (sum is null)
            {
                sum = Term(term, coefficient);
            }
            else if (coefficient < 0)
            {
                sum = new BinaryExpr(BinaryOperator.Subtract, sum, Term(term, -coefficient));
            }
            else
            {
                sum = new BinaryExpr(BinaryOperator.Add, sum, Term(term, coefficient));
            }
        }

        return sum!;
    }

    private static Expr Term(Expr term, double coefficient)
    {
        if (IsPlain(term, out double one))
        {
            return new ConstantExpr(coefficient * one);
        }

        if (coefficient == 1)
        {
            return term;
        }

        if (coefficient == -1)
        {
            return NegateLeading(term);
        }

        var scaled = Scale(Math.Abs(coefficient), term);
        return coefficient < 0 ? NegateLeading(scaled) : scaled;
    }
}
