using Pinn.Core.Symbolic;

namespace Pinn.Problems;

/// <summary>
/// Named problems with known solutions:
/// <list type="bullet">
/// <item><c>sin2</c>: the paper's problem, −∇²u + u² = f manufactured from u* = sin²(k r²) (parameter k, default 20),
/// in any dimension. It has a second, non-analytic radial solution (k = 20, d = 2: u(0) ≈ −10.2258).</item>
/// <item><c>bratu</c>: Gelfand–Bratu −∇²u = λeᵘ, u = 0 (N(u) = −λeᵘ; parameter lambda, default 1). In d = 2 its
/// closed-form solutions u = 2 ln[(1 + b)/(1 + b r²)] with λ = 8b/(1 + b)² are recorded (two for 0 &lt; λ &lt; 2).</item>
/// <item><c>zero-data</c>: −∇²u + u² = 0, u = 0 on the sphere; u ≡ 0 is recorded as "trivial".</item>
/// </list>
/// </summary>
public static class ProblemCatalog
{
    /// <summary>The catalog's problem names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sin2", "bratu", "zero-data"];

    /// <summary>Builds a cataloged problem.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="dimension">d.</param>
    /// <param name="parameters">Overrides of the default parameters.</param>
    /// <exception cref="ProblemDefinitionException">Unknown name or parameter.</exception>
    public static NonlinearPoisson Create(string name, int dimension, IReadOnlyDictionary<string, double>? parameters = null)
    {
        parameters ??= new Dictionary<string, double>();
        return name switch
        {
            "sin2" => Sin2(dimension, Get(parameters, "k", 20, name)),
            "bratu" => Bratu(dimension, Get(parameters, "lambda", 1, name)),
            "zero-data" => ZeroData(dimension, parameters),
            _ => throw new ProblemDefinitionException("catalog", $"unknown problem '{name}'. Known problems: {string.Join(", ", Names)}."),
        };
    }

    /// <summary>The paper's problem: u* = sin²(k r²), N(u) = u².</summary>
    /// <param name="dimension">d.</param>
    /// <param name="k">Frequency; 20 is the paper's.</param>
    public static NonlinearPoisson Sin2(int dimension = 2, double k = 20)
    {
        var exact = Expr.Sin(Expr.Parameter("k") * Expr.R2) ^ 2.0;
        var problem = Manufactured.From(exact, Expr.U ^ 2.0, dimension, new Dictionary<string, double> { ["k"] = k }, "sin2");
        return problem;
    }

    /// <summary>Gelfand–Bratu −∇²u = λeᵘ with u = 0 on the sphere.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="lambda">λ &gt; 0.</param>
    public static NonlinearPoisson Bratu(int dimension = 2, double lambda = 1)
    {
        var solutions = new Dictionary<string, Expr>(StringComparer.Ordinal);
        if (dimension == 2)
        {
            foreach (var (label, b) in BratuClosedFormParameters(lambda))
            {
                solutions[label] = BratuClosedForm(b);
            }
        }

        return new NonlinearPoisson(
            dimension,
            Expr.Negate(Expr.Parameter("lambda") * Expr.Exp(Expr.U)),
            0.0,
            0.0,
            new Dictionary<string, double> { ["lambda"] = lambda },
            solutions,
            "bratu");
    }

    /// <summary>The closed-form d = 2 Bratu solution 2 ln[(1 + b)/(1 + b r²)].</summary>
    /// <param name="b">The parameter b &gt; 0.</param>
    public static Expr BratuClosedForm(double b) => 2.0 * Expr.Log((1.0 + b) / (1.0 + (b * Expr.R2)));

    /// <summary>The values of b with 8b/(1 + b)² = λ, smallest first, labelled "lower" and "upper".</summary>
    /// <param name="lambda">λ.</param>
    public static IReadOnlyList<(string Label, double B)> BratuClosedFormParameters(double lambda)
    {
        // λ b² + (2λ − 8) b + λ = 0.
        if (!(lambda > 0) || lambda > 2)
        {
            return [];
        }

        double half = (8 - (2 * lambda)) / (2 * lambda);
        double root = Math.Sqrt(Math.Max(0, (half * half) - 1));
        if (root == 0)
        {
            return [("lower", half)];
        }

        double small = 1 / (half + root); // = half − root, without cancellation
        return [("lower", small), ("upper", half + root)];
    }

    /// <summary>−∇²u + u² = 0 with u = 0 on the sphere.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="parameters">Unused; rejected when not empty.</param>
    public static NonlinearPoisson ZeroData(int dimension = 2, IReadOnlyDictionary<string, double>? parameters = null)
    {
        if (parameters is { Count: > 0 })
        {
            throw new ProblemDefinitionException($"parameters.{parameters.Keys.First()}", "the problem 'zero-data' takes no parameters.");
        }

        return new NonlinearPoisson(dimension, Expr.U ^ 2.0, 0.0, 0.0, null, new Dictionary<string, Expr> { ["trivial"] = 0.0 }, "zero-data");
    }

    private static double Get(IReadOnlyDictionary<string, double> parameters, string key, double fallback, string problem)
    {
        foreach (var name in parameters.Keys)
        {
            if (name != key)
            {
                throw new ProblemDefinitionException($"parameters.{name}", $"the problem '{problem}' takes only the parameter '{key}'.");
            }
        }

        return parameters.TryGetValue(key, out double v) ? v : fallback;
    }
}
