using Pinn.Core.Problems;
using Pinn.Core.Symbolic;

namespace Pinn.Problems;

/// <summary>
/// The nonlinear Poisson Dirichlet problem −∇²u + N(x, u) = f(x) for |x| &lt; 1 in R^d, u = g(x) for |x| = 1, with
/// ∇² = Σᵢ ∂²/∂xᵢ² (so the paper's Δu + u² = f with Δ = −Σ∂² is N = u² here). The nonlinearity may depend on the point
/// (x1..xd and r), e.g. the Hénon term −|x|^α u^p. Immutable and validated on construction: every error names the field.
/// </summary>
public sealed class NonlinearPoisson
{
    private static readonly IReadOnlyDictionary<string, double> NoParameters = new Dictionary<string, double>();

    /// <summary>Creates and validates a problem.</summary>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="nonlinearity">N(x, u): an expression in u, x1..xd, r and parameters.</param>
    /// <param name="source">f(x): an expression in x1..xd, r and parameters (no u).</param>
    /// <param name="boundary">g(x): an expression in x1..xd, r and parameters (no u).</param>
    /// <param name="parameters">Values of the named parameters.</param>
    /// <param name="knownSolutions">Optional exact solutions by name (expressions in x1..xd, r and parameters).</param>
    /// <param name="name">A short name for logs and run directories.</param>
    /// <exception cref="ProblemDefinitionException">A field is invalid; the message names it.</exception>
    public NonlinearPoisson(
        int dimension,
        Expr nonlinearity,
        Expr source,
        Expr boundary,
        IReadOnlyDictionary<string, double>? parameters = null,
        IReadOnlyDictionary<string, Expr>? knownSolutions = null,
        string name = "problem")
    {
        if (dimension < 1 || dimension > 64)
        {
            throw new ProblemDefinitionException("dimension", $"must be an integer from 1 to 64, got {dimension}.");
        }

        Dimension = dimension;
        Parameters = parameters is null ? NoParameters : new Dictionary<string, double>(parameters, StringComparer.Ordinal);
        foreach (var (key, value) in Parameters)
        {
            if (!SymbolNames.IsValidParameterName(key))
            {
                throw new ProblemDefinitionException($"parameters.{key}", "is not a valid parameter name: use letters, digits and '_', start with a letter, and avoid x, y, z, xN, r, u, pi, e and function names.");
            }

            if (!double.IsFinite(value))
            {
                throw new ProblemDefinitionException($"parameters.{key}", $"must be a finite number, got {value}.");
            }
        }

        Nonlinearity = Check("nonlinearity", nonlinearity, allowU: true);
        Source = Check("source", source, allowU: false);
        Boundary = Check("boundary", boundary, allowU: false);
        var solutions = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var (key, exact) in knownSolutions ?? new Dictionary<string, Expr>())
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ProblemDefinitionException("solutions", "every known solution needs a non-empty name.");
            }

            solutions[key] = Check($"solutions.{key}", exact, allowU: false);
        }

        KnownSolutions = solutions;
        Name = string.IsNullOrWhiteSpace(name) ? "problem" : name;
        NonlinearityDerivative = Nonlinearity.Derivative(Expr.UnknownName);
        ProbeFinite();
    }

    /// <summary>
    /// Refuses data that cannot be trained on: f non-finite at any of 64 fixed interior points (r ≥ 0.01, so that a
    /// removable singularity at the origin such as sin(2r)/r passes), g non-finite at any of 32 sphere points, or N
    /// non-finite at every u ∈ {−2, −1, −½, ½, 1, 2} at x = (0.5, 0, …).
    /// </summary>
    private void ProbeFinite()
    {
        int d = Dimension;
        var random = new Pinn.Core.Randomness.Xoshiro256(20261124);
        var interior = new double[64 * d];
        Pinn.Core.Geometry.UnitBallSampler.Interior(random, d, interior);
        var sphere = new double[32 * d];
        Pinn.Core.Geometry.UnitBallSampler.Sphere(random, d, sphere);
        var f = ExprCompiler.Compile(Source, d, Parameters);
        for (int i = 0; i < 64; i++)
        {
            var x = interior.AsSpan(i * d, d);
            double r2 = 0;
            foreach (double v in x)
            {
                r2 += v * v;
            }

            if (r2 >= 1e-4 && !double.IsFinite(f.Evaluate(x)))
            {
                throw new ProblemDefinitionException("source", $"f = {Source} is not finite at x = ({string.Join(", ", x.ToArray().Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}) in the ball: fix the expression (or its parameters).");
            }
        }

        var g = ExprCompiler.Compile(Boundary, d, Parameters);
        for (int i = 0; i < 32; i++)
        {
            var x = sphere.AsSpan(i * d, d);
            if (!double.IsFinite(g.Evaluate(x)))
            {
                throw new ProblemDefinitionException("boundary", $"g = {Boundary} is not finite at x = ({string.Join(", ", x.ToArray().Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}) on the sphere: fix the expression (or its parameters).");
            }
        }

        foreach (var (name, solution) in KnownSolutions)
        {
            ProbeSolution(name, solution, interior, sphere);
        }

        var n = ExprCompiler.Compile(Nonlinearity, d, Parameters);
        var at = new double[d];
        at[0] = 0.5;
        if (new[] { -2, -1, -0.5, 0.5, 1, 2 }.All(u => !double.IsFinite(n.Evaluate(at, u))))
        {
            throw new ProblemDefinitionException("nonlinearity", $"N = {Nonlinearity} is not finite for any u in {{−2, −1, −½, ½, 1, 2}} at x = (0.5, 0, …): fix the expression (or its parameters).");
        }
    }

    /// <summary>
    /// Refuses a known solution that is not a function on the closed ball: non-finite at one of the interior or
    /// sphere points, or unbounded towards the origin (log r, 1/r: its values at r = 10⁻⁴, 10⁻⁶, 10⁻⁸ along the x1
    /// axis grow instead of settling, which a removable singularity such as sin(r)/r does).
    /// </summary>
    private void ProbeSolution(string name, Expr solution, double[] interior, double[] sphere)
    {
        int d = Dimension;
        var u = ExprCompiler.Compile(solution, d, Parameters);
        string field = $"solutions.{name}";
        foreach (var points in new[] { interior, sphere })
        {
            for (int i = 0; i < points.Length / d; i++)
            {
                var x = points.AsSpan(i * d, d);
                if (!double.IsFinite(u.Evaluate(x)))
                {
                    throw new ProblemDefinitionException(field, $"u = {solution} is not finite at x = ({string.Join(", ", x.ToArray().Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}): a solution must be finite in the closed unit ball.");
                }
            }
        }

        var axis = new double[d];
        double At(double r)
        {
            axis[0] = r;
            return u.Evaluate(axis);
        }

        double a = At(1e-4), b = At(1e-6), c = At(1e-8);
        double scale = Math.Max(1, Math.Max(Math.Abs(At(0.5)), Math.Abs(At(1))));
        bool settles = double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(c) && Math.Abs(c - b) <= Math.Max(1e-6 * scale, 0.5 * Math.Abs(b - a) + (1e-9 * scale));
        if (!settles || Math.Abs(c) > 1e6 * scale)
        {
            throw new ProblemDefinitionException(field, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"u = {solution} is not bounded at the origin ({a:G4}, {b:G4}, {c:G4} at r = 1e-4, 1e-6, 1e-8): a solution must be finite in the closed unit ball."));
        }
    }

    /// <summary>The dimension d.</summary>
    public int Dimension { get; }

    /// <summary>N(x, u).</summary>
    public Expr Nonlinearity { get; }

    /// <summary>Whether N depends on the point (uses x1..xd or r), not on u alone.</summary>
    public bool NonlinearityDependsOnX => Nonlinearity.Variables().Any(v => v == Expr.RadiusName || SymbolNames.TryCoordinateIndex(v, out _));

    /// <summary>∂N/∂u, derived exactly.</summary>
    public Expr NonlinearityDerivative { get; }

    /// <summary>f(x).</summary>
    public Expr Source { get; }

    /// <summary>g(x) on the unit sphere.</summary>
    public Expr Boundary { get; }

    /// <summary>Parameter values.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Exact solutions by name.</summary>
    public IReadOnlyDictionary<string, Expr> KnownSolutions { get; }

    /// <summary>The problem's short name.</summary>
    public string Name { get; }

    /// <summary>The same problem with one parameter set to another value (for sweeps and continuation).</summary>
    /// <param name="parameter">An existing parameter's name.</param>
    /// <param name="value">Its new value.</param>
    /// <exception cref="ProblemDefinitionException">The problem has no such parameter, or the value is not finite.</exception>
    public NonlinearPoisson WithParameter(string parameter, double value)
    {
        if (!Parameters.ContainsKey(parameter))
        {
            throw new ProblemDefinitionException($"parameters.{parameter}", Parameters.Count == 0
                ? "does not exist: this problem has no parameters."
                : $"does not exist: the problem has {string.Join(", ", Parameters.Keys.OrderBy(k => k, StringComparer.Ordinal))}.");
        }

        var parameters = new Dictionary<string, double>(Parameters, StringComparer.Ordinal) { [parameter] = value };
        return new NonlinearPoisson(Dimension, Nonlinearity, Source, Boundary, parameters, KnownSolutions, Name);
    }

    /// <summary>The contract the loss consumes.</summary>
    public ResidualForm ToResidualForm() => new(Dimension, Nonlinearity, NonlinearityDerivative, Source, Boundary, Parameters);

    /// <summary>A readable one-line statement of the problem, with its parameter values (e.g. "; k = 5").</summary>
    public override string ToString() => $"-lap(u) + {Nonlinearity} = {Source} in the unit ball of R^{Dimension}; u = {Boundary} on the sphere"
        + string.Concat(Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {p.Key} = {p.Value:G6}")));

    private Expr Check(string field, Expr? expr, bool allowU)
    {
        if (expr is null)
        {
            throw new ProblemDefinitionException(field, "is required.");
        }

        foreach (var node in expr.Nodes())
        {
            if (node is ConstantExpr c && !double.IsFinite(c.Value))
            {
                throw new ProblemDefinitionException(field, $"contains the non-finite constant {c.Value}: use finite numbers.");
            }

            if (node is not VariableExpr v)
            {
                continue;
            }

            if (v.Name == Expr.UnknownName)
            {
                if (!allowU)
                {
                    throw new ProblemDefinitionException(field, "must not depend on the unknown u: put u-dependence into the nonlinearity N(u).");
                }

                continue;
            }

            if (SymbolNames.TryCoordinateIndex(v.Name, out int index) || v.Name == Expr.RadiusName)
            {
                if (index > Dimension)
                {
                    throw new ProblemDefinitionException(field, $"uses {v.Name}, which does not exist in dimension {Dimension}: use x1..x{Dimension} or r.");
                }

                continue;
            }

            if (!Parameters.ContainsKey(v.Name))
            {
                throw new ProblemDefinitionException(field, $"uses the parameter '{v.Name}', which has no value: add it to 'parameters'.");
            }
        }

        return expr;
    }
}
