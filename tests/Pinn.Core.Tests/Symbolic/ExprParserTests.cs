using Pinn.Core.Symbolic;

namespace Pinn.Core.Tests.Symbolic;

public class ExprParserTests
{
    [Theory]
    [InlineData("sin(20*r^2)^2")]
    [InlineData("(3 - 4*(1 + 6400*r^2)*cos(40*r^2) + cos(80*r^2) - 640*sin(40*r^2))/8")]
    [InlineData("-x^2")]
    [InlineData("(-2)^2")]
    [InlineData("2^3^2")]
    [InlineData("a - (b - c)")]
    [InlineData("a/(b*c)")]
    [InlineData("a*(b*c)")]
    [InlineData("x^-2")]
    [InlineData("--x")]
    [InlineData("a - -x")]
    [InlineData("-lambda*exp(u)")]
    [InlineData("1E-05*x + 2.5E+20*y - pi*e")]
    [InlineData("abs(tanh(sqrt(log(exp(tan(x3))))))")]
    [InlineData("erf(atan(asinh(cosh(sinh(x)))))")]
    public void PrintParsesBackToEqualTree(string text)
    {
        var expr = Expr.Parse(text);
        var printed = expr.ToString();
        Assert.Equal(expr, Expr.Parse(printed));
        Assert.Equal(printed, Expr.Parse(printed).ToString());
    }

    [Fact]
    public void PrecedenceAndAssociativity()
    {
        var b = new Dictionary<string, double> { ["x1"] = 3 };
        Assert.Equal(-9, Expr.Parse("-x^2").Evaluate(b));
        Assert.Equal(512, Expr.Parse("2^3^2").Evaluate(b));
        Assert.Equal(1, Expr.Parse("8/4/2").Evaluate(b));
        Assert.Equal(-4, Expr.Parse("1-2-3").Evaluate(b));
        Assert.Equal(7, Expr.Parse("1+2*3").Evaluate(b));
        Assert.Equal(Expr.Parse("x1"), Expr.Parse("x"));
        Assert.Equal(Expr.Parse("x3"), Expr.Parse("z"));
    }

    [Theory]
    [InlineData("sech(x)", "unknown function 'sech'", 1)]
    [InlineData("1 + sech(x)", "unknown function 'sech'", 5)]
    [InlineData("(x + 1))", "unbalanced ')'", 8)]
    [InlineData("sin((x)", "unbalanced '('", 4)]
    [InlineData("x +", "unexpected end of expression", 4)]
    [InlineData("x # 2", "unexpected '#'", 3)]
    [InlineData("", "empty expression", 1)]
    [InlineData("sin + 1", "function 'sin' needs an argument in parentheses", 1)]
    [InlineData("2 3", "unexpected '3'", 3)]
    [InlineData("1e999", "number '1e999' is out of the range of a double", 1)]
    [InlineData("x0", "'x0' is not a valid name", 1)]
    public void ErrorsPointAtTheColumn(string text, string reason, int column)
    {
        var e = Assert.Throws<ExprParseException>(() => Expr.Parse(text));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(column, e.Column);
        Assert.EndsWith($"at column {column}", e.Message);
    }

    [Fact]
    public void FuzzedInputOnlySucceedsOrThrowsItsOwnException()
    {
        // 10^5 seeded random and mutated strings: the parser either returns a tree that round-trips, or throws
        // ExprParseException with a column inside the text (+1 for end of input). Any other exception fails.
        var random = new Random(20260101);
        string[] seeds = ["sin(20*r^2)^2", "(3 - 4*(1 + 6400*r^2)*cos(40*r^2))/8", "-lambda*exp(u)", "x^-2 + y*z", "abs(tanh(x1)) - 2.5e-3"];
        const string alphabet = "0123456789.eE+-*/^()xyzruspinctaqlbh_ ,#";
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 100_000; i++)
        {
            string text;
            if (i % 2 == 0)
            {
                var chars = new char[random.Next(0, 30)];
                for (int j = 0; j < chars.Length; j++)
                {
                    chars[j] = alphabet[random.Next(alphabet.Length)];
                }

                text = new string(chars);
            }
            else
            {
                var s = new System.Text.StringBuilder(seeds[random.Next(seeds.Length)]);
                int edits = random.Next(1, 4);
                for (int k = 0; k < edits; k++)
                {
                    int at = random.Next(s.Length + 1);
                    switch (random.Next(3))
                    {
                        case 0 when s.Length > 0 && at < s.Length: s.Remove(at, 1); break;
                        case 1: s.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                        default: if (at < s.Length) { s[at] = alphabet[random.Next(alphabet.Length)]; } break;
                    }
                }

                text = s.ToString();
            }

            try
            {
                var expr = Expr.Parse(text);
                Assert.Equal(expr, Expr.Parse(expr.ToString()));
                parsed++;
            }
            catch (ExprParseException e)
            {
                Assert.InRange(e.Column, 1, text.Length + 1);
                rejected++;
            }
        }

        Assert.True(parsed > 1000, $"only {parsed} inputs parsed");
        Assert.True(rejected > 1000, $"only {rejected} inputs rejected");
    }

    [Fact]
    public void DeepNestingIsRejectedNotOverflowed()
    {
        var e = Assert.Throws<ExprParseException>(() => Expr.Parse(new string('(', 100_000) + "x"));
        Assert.Contains("nested deeper", e.Reason);
        Assert.Throws<ExprParseException>(() => Expr.Parse(new string('-', 100_000) + "x"));
    }
}
