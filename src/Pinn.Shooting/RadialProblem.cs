using Pinn.Core.Randomness;
using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Shooting;

/// <summary>
/// The radial reduction of a <see cref="NonlinearPoisson"/> whose f, g and N are radial:
/// −(u'' + (d − 1)u'/r) + N(r, u) = f(r) on (0, 1), u'(0) = 0, u(1) = g. Radiality is checked numerically
/// (f and N at random rotations of random radii, g at random points of the sphere) and refused with a clear message.
/// </summary>
public sealed class RadialProblem
{
    private readonly CompiledExpr nonlinearity;
    private readonly CompiledExpr source;
    private readonly double[] point;
    private readonly double[] nonlinearityPoint;
    private readonly bool nonlinearityUsesPoint;

    /// <summary>Reduces a problem; throws <see cref="ProblemDefinitionException"/> when f, g or N is not radial.</summary>
    /// <param name="problem">The problem.</param>
    public RadialProblem(NonlinearPoisson problem)
    {
        Problem = problem;
        Dimension = problem.Dimension;
        nonlinearity = ExprCompiler.Compile(problem.Nonlinearity, Dimension, problem.Parameters);
        source = ExprCompiler.Compile(problem.Source, Dimension, problem.Parameters);
        var boundary = ExprCompiler.Compile(problem.Boundary, Dimension, problem.Parameters);
        point = new double[Dimension];
        nonlinearityPoint = new double[Dimension];
        nonlinearityUsesPoint = problem.NonlinearityDependsOnX;
        var random = new Xoshiro256(12345);
        var x = new double[Dimension];
        var radii = new double[64];
        var references = new double[64];
        double scale = 0;
        for (int t = 0; t < radii.Length; t++)
        {
            radii[t] = 0.05 + (0.95 * random.NextDouble());
            references[t] = SourceAt(radii[t]);
            scale = Math.Max(scale, Math.Abs(references[t]));
        }

        for (int t = 0; t < radii.Length; t++)
        {
            double r = radii[t], reference = references[t];
            Geometry(random, x, r);
            double rotated = source.Evaluate(x);
            // Relative to f's own size over the ball, plus what f changes when r moves by far more than the rounding of
            // |x| computed from coordinates (a fast-varying f of r alone is radial, however large).
            double sensitivity = Math.Abs(SourceAt(r * (1 + 1e-12)) - SourceAt(r * (1 - 1e-12)));
            if (!(Math.Abs(reference - rotated) <= (1e-9 * Math.Max(1, scale)) + sensitivity))
            {
                bool coordinates = Enumerable.Range(1, Dimension).Any(i => problem.Source.Contains($"x{i}"));
                throw new ProblemDefinitionException("source", coordinates
                    ? $"is not radial: f = {reference:G6} on the x1 axis but {rotated:G6} at another point with |x| = {r:G4}. Shooting needs f = f(|x|); write f in r (and parameters) instead of individual coordinates."
                    : $"is not radial to rounding: f = {reference:G6} on the x1 axis but {rotated:G6} at another point with |x| = {r:G4}, further apart than f's size ({scale:G3}) and its rate of change in r explain. Check the expression for terms that grow without bound.");
            }
        }

        if (nonlinearityUsesPoint)
        {
            for (int t = 0; t < radii.Length; t++)
            {
                double r = radii[t];
                Geometry(random, x, r);
                foreach (double u in new[] { -1.5, 0.5, 2 })
                {
                    double onAxis = Nonlinearity(r, u), rotated = nonlinearity.Evaluate(x, u);
                    double sensitivity = Math.Abs(Nonlinearity(r * (1 + 1e-12), u) - Nonlinearity(r * (1 - 1e-12), u));
                    if (double.IsFinite(onAxis) && !(Math.Abs(onAxis - rotated) <= (1e-9 * Math.Max(1, Math.Abs(onAxis))) + sensitivity))
                    {
                        throw new ProblemDefinitionException("nonlinearity", $"is not radial: N = {onAxis:G6} on the x1 axis but {rotated:G6} at another point with |x| = {r:G4} (u = {u}). Shooting needs N = N(|x|, u); write N in r, u and parameters instead of individual coordinates.");
                    }
                }
            }
        }

        double g0 = BoundaryAt(boundary, 1);
        for (int t = 0; t < 64; t++)
        {
            Geometry(random, x, 1);
            double gx = boundary.Evaluate(x);
            if (!Close(g0, gx))
            {
                throw new ProblemDefinitionException("boundary", $"is not constant on the sphere ({g0:G6} vs {gx:G6}); shooting needs a radial problem.");
            }
        }

        BoundaryValue = g0;
    }

    /// <summary>The original problem.</summary>
    public NonlinearPoisson Problem { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>g, the value at r = 1.</summary>
    public double BoundaryValue { get; }

    /// <summary>N(r, u), evaluated on the x1 axis.</summary>
    /// <param name="r">The radius.</param>
    /// <param name="u">u.</param>
    public double Nonlinearity(double r, double u)
    {
        if (!nonlinearityUsesPoint)
        {
            return nonlinearity.EvaluateAt(u);
        }

        lock (nonlinearityPoint)
        {
            nonlinearityPoint[0] = r;
            return nonlinearity.Evaluate(nonlinearityPoint, 0, u);
        }
    }

    /// <summary>f(r), evaluated on the x1 axis.</summary>
    /// <param name="r">The radius.</param>
    public double SourceAt(double r)
    {
        lock (point)
        {
            point[0] = r;
            return source.Evaluate(point, 0);
        }
    }

    private double BoundaryAt(CompiledExpr boundary, double r)
    {
        var p = new double[Dimension];
        p[0] = r;
        return boundary.Evaluate(p);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static void Geometry(Xoshiro256 random, double[] x, double r)
    {
        double n2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextGaussian();
            n2 += x[i] * x[i];
        }

        double scale = r / Math.Sqrt(n2);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= scale;
        }
    }
}
