using System.Globalization;

namespace Pinn.Core.Symbolic;

/// <summary>
/// Recursive-descent parser for the expression grammar:
/// <code>
/// expr  = term (('+' | '-') term)*
/// term  = unary (('*' | '/') unary)*
/// unary = ('-' | '+') unary | power
/// power = atom ('^' unary)?            (right-associative: 2^3^2 = 2^(3^2); -x^2 = -(x^2))
/// atom  = number | name | function '(' expr ')' | '(' expr ')'
/// </code>
/// Names: x1..xN (aliases x, y, z), r, u, pi, e, parameters. Functions: sin cos tan exp log sqrt tanh abs sinh cosh asinh atan erf.
/// Every error is an <see cref="ExprParseException"/> with the column.
/// </summary>
public sealed class ExprParser
{
    /// <summary>The deepest nesting of parentheses, signs and powers accepted.</summary>
    public const int MaxDepth = 256;

    private readonly string text;
    private int position;
    private int depth;

    private ExprParser(string text) => this.text = text;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The expression text.</param>
    /// <exception cref="ExprParseException">The text is not a valid expression.</exception>
    public static Expr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ExprParser(text);
        parser.SkipSpace();
        if (parser.AtEnd)
        {
            throw new ExprParseException("empty expression", 1, text);
        }

        var result = parser.ParseSum();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            char c = parser.text[parser.position];
            throw c == ')'
                ? parser.Error("unbalanced ')'")
                : parser.Error($"unexpected '{c}'");
        }

        return result;
    }

    private bool AtEnd => position >= text.Length;

    private ExprParseException Error(string reason, int? at = null) => new(reason, (at ?? position) + 1, text);

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private bool Accept(char c)
    {
        SkipSpace();
        if (!AtEnd && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }

    private void Enter()
    {
        if (++depth > MaxDepth)
        {
            throw Error($"expression nested deeper than {MaxDepth} levels");
        }
    }

    private Expr ParseSum()
    {
        var left = ParseProduct();
        while (true)
        {
            if (Accept('+'))
            {
                left = new BinaryExpr(BinaryOperator.Add, left, ParseProduct());
            }
            else if (Accept('-'))
            {
                left = new BinaryExpr(BinaryOperator.Subtract, left, ParseProduct());
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseProduct()
    {
        var left = ParseUnary();
        while (true)
        {
            if (Accept('*'))
            {
                left = new BinaryExpr(BinaryOperator.Multiply, left, ParseUnary());
            }
            else if (Accept('/'))
            {
                left = new BinaryExpr(BinaryOperator.Divide, left, ParseUnary());
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseUnary()
    {
        Enter();
        try
        {
            if (Accept('-'))
            {
                return Expr.Negate(ParseUnary());
            }

            if (Accept('+'))
            {
                return ParseUnary();
            }

            var atom = ParseAtom();
            if (Accept('^'))
            {
                return new BinaryExpr(BinaryOperator.Power, atom, ParseUnary());
            }

            return atom;
        }
        finally
        {
            depth--;
        }
    }

    private Expr ParseAtom()
    {
        SkipSpace();
        if (AtEnd)
        {
            throw Error("unexpected end of expression");
        }

        char c = text[position];
        if (c == '(')
        {
            int open = position;
            position++;
            var inner = ParseSum();
            if (!Accept(')'))
            {
                throw AtEnd ? Error("unbalanced '('", open) : Error($"expected ')' but found '{text[position]}'");
            }

            return inner;
        }

        if (char.IsAsciiDigit(c) || c == '.')
        {
            return ParseNumber();
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            return ParseName();
        }

        if (c == ')')
        {
            throw Error("unbalanced ')'");
        }

        throw Error($"unexpected '{c}'");
    }

    private Expr ParseNumber()
    {
        int start = position;
        while (!AtEnd && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        if (!AtEnd && text[position] == '.')
        {
            position++;
            while (!AtEnd && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
        }

        if (!AtEnd && (text[position] == 'e' || text[position] == 'E'))
        {
            int mark = position;
            position++;
            if (!AtEnd && (text[position] == '+' || text[position] == '-'))
            {
                position++;
            }

            if (AtEnd || !char.IsAsciiDigit(text[position]))
            {
                position = mark; // not an exponent: leave the letter for the caller to reject
            }
            else
            {
                while (!AtEnd && char.IsAsciiDigit(text[position]))
                {
                    position++;
                }
            }
        }

        var span = text.AsSpan(start, position - start);
        if (span is "." || !double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw Error($"malformed number '{span.ToString()}'", start);
        }

        if (!double.IsFinite(value))
        {
            throw Error($"number '{span.ToString()}' is out of the range of a double", start);
        }

        return new ConstantExpr(value);
    }

    private Expr ParseName()
    {
        int start = position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        string name = text[start..position];
        SkipSpace();
        bool call = !AtEnd && text[position] == '(';
        if (call)
        {
            if (!SymbolNames.TryFunction(name, out var function))
            {
                throw Error($"unknown function '{name}'", start);
            }

            int open = position;
            position++;
            var argument = ParseSum();
            if (!Accept(')'))
            {
                throw AtEnd ? Error("unbalanced '('", open) : Error($"expected ')' but found '{text[position]}'");
            }

            return new FunctionExpr(function, argument);
        }

        if (SymbolNames.TryFunction(name, out _))
        {
            throw Error($"function '{name}' needs an argument in parentheses", start);
        }

        switch (name)
        {
            case "pi":
                return Expr.Pi;
            case "e":
                return Expr.E;
        }

        string canonical = SymbolNames.Canonical(name);
        if (canonical is "r" or "u" || SymbolNames.TryCoordinateIndex(canonical, out _) || SymbolNames.IsValidParameterName(canonical))
        {
            return new VariableExpr(canonical);
        }

        throw Error($"'{name}' is not a valid name", start);
    }
}
