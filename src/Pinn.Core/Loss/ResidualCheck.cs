using Pinn.Core.Geometry;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Loss;

/// <summary>
/// How well a network satisfies its problem on fresh points, in float64: the PDE residual R = −∇²u + N(x, u) − f at
/// interior points and u − g at boundary points, neither of them points the network was trained on. Relative to the
/// size of the equation's terms and of u, they give an error indicator for every member and found solution, also
/// where no closed form or shooting profile exists (<see cref="ErrorEstimate"/>).
/// </summary>
/// <param name="InteriorPoints">Interior points checked.</param>
/// <param name="BoundaryPoints">Boundary points checked.</param>
/// <param name="ResidualRms">RMS of R over the interior points.</param>
/// <param name="EquationScale">The largest RMS of the equation's terms ∇²u, N(u), f, at least <see cref="ScaleFloor"/>.</param>
/// <param name="BoundaryRms">RMS of u − g over the boundary points.</param>
/// <param name="SolutionScale">RMS of u over the interior points, at least <see cref="ScaleFloor"/>.</param>
public sealed record ResidualCheck(int InteriorPoints, int BoundaryPoints, double ResidualRms, double EquationScale, double BoundaryRms, double SolutionScale)
{
    /// <summary>Interior points a check takes unless told otherwise.</summary>
    public const int DefaultInteriorPoints = 4096;

    /// <summary>
    /// The smallest scale the residuals are divided by: for a solution near u ≡ 0 (where nothing is there to be relative
    /// to) the estimate becomes the absolute RMS residual over 1e-3, as the distances of a discovery use a floor.
    /// </summary>
    public const double ScaleFloor = 1e-3;

    /// <summary>The seed of the check's own points (the same points for every member and run).</summary>
    public const ulong Seed = 0x5EED_C4EC;

    /// <summary>RMS residual over the size of the equation's terms.</summary>
    public double RelativeResidual => ResidualRms / EquationScale;

    /// <summary>RMS boundary error over the size of u.</summary>
    public double RelativeBoundaryError => BoundaryRms / SolutionScale;

    /// <summary>
    /// The error indicator: the larger of <see cref="RelativeResidual"/> and <see cref="RelativeBoundaryError"/>. Of the
    /// order of the relative L2 error for a well-conditioned problem (docs/problem-format.md gives the measured ratios),
    /// not a bound: a nearly singular linearisation (close to a bifurcation) makes the error larger.
    /// </summary>
    public double ErrorEstimate => Math.Max(RelativeResidual, RelativeBoundaryError);

    /// <summary>Checks a network's θ against its problem.</summary>
    /// <param name="form">The problem.</param>
    /// <param name="shape">The network.</param>
    /// <param name="theta">θ.</param>
    /// <param name="interior">Interior points (the boundary gets an eighth).</param>
    public static ResidualCheck Of(ResidualForm form, ResidualNetworkShape shape, ReadOnlySpan<double> theta, int interior = DefaultInteriorPoints)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(interior, 8);
        int d = form.Dimension, boundary = Math.Max(1, interior / 8);
        var random = Xoshiro256.ForStream(Seed, 0);
        var inside = new double[interior * d];
        var sphere = new double[boundary * d];
        UnitBallSampler.Interior(random, d, inside);
        UnitBallSampler.Sphere(random, d, sphere);
        var x = inside.Chunk(d).ToArray();
        var y = sphere.Chunk(d).ToArray();
        var (u, laplacian) = NetworkEvaluation.WithLaplacians(shape, theta, x);
        var onSphere = NetworkEvaluation.Values(shape, theta, y);
        var c = form.Compile();
        double r2 = 0, l2 = 0, n2 = 0, f2 = 0, u2 = 0, b2 = 0;
        for (int i = 0; i < interior; i++)
        {
            double n = c.Nonlinearity.Evaluate(x[i], u[i]), f = c.Source.Evaluate(x[i], u[i]);
            double r = -laplacian[i] + n - f;
            (r2, l2, n2, f2, u2) = (r2 + (r * r), l2 + (laplacian[i] * laplacian[i]), n2 + (n * n), f2 + (f * f), u2 + (u[i] * u[i]));
        }

        for (int i = 0; i < boundary; i++)
        {
            double e = onSphere[i] - c.Boundary.Evaluate(y[i]);
            b2 += e * e;
        }

        static double Rms(double sum, int count) => Math.Sqrt(sum / count);
        double scale = Math.Max(Rms(l2, interior), Math.Max(Rms(n2, interior), Rms(f2, interior)));
        double size = Rms(u2, interior);
        return new ResidualCheck(interior, boundary, Rms(r2, interior), Math.Max(scale, ScaleFloor), Rms(b2, boundary), Math.Max(size, ScaleFloor));
    }
}
