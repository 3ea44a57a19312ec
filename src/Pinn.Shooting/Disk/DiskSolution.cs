namespace Pinn.Shooting.Disk;

/// <summary>
/// One Newton solve of the disk solver: the values on its grid (a spectral interpolant defined everywhere in the
/// disk), whether it converged, and the residual after every iteration (so quadratic convergence can be seen).
/// </summary>
public sealed class DiskSolution
{
    private readonly double[] values;
    private double[]? coefficients;

    internal DiskSolution(DiskGrid grid, double[] values, IReadOnlyList<double> residuals, bool converged, string note, double angle = 0)
    {
        Grid = grid;
        Angle = angle;
        this.values = values;
        Residuals = residuals;
        Converged = converged;
        Note = note;
    }

    /// <summary>Rebuilds a saved converged solution from its grid size, final residual and values.</summary>
    /// <param name="radialPoints">n of the grid.</param>
    /// <param name="angularPoints">M of the grid.</param>
    /// <param name="residual">The final Newton residual it was saved with.</param>
    /// <param name="values">The (n + 1)·M values.</param>
    /// <param name="angle">The solution's <see cref="Angle"/>.</param>
    /// <exception cref="InvalidDataException">The values do not fit the grid.</exception>
    public static DiskSolution Restore(int radialPoints, int angularPoints, double residual, double[] values, double angle = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (radialPoints < 2 || angularPoints < 4 || angularPoints % 2 != 0 || values.Length != (radialPoints + 1) * angularPoints)
        {
            throw new InvalidDataException($"A disk solution needs n ≥ 2, an even M ≥ 4 and (n + 1)·M values; got n = {radialPoints}, M = {angularPoints}, {values.Length} values.");
        }

        return new DiskSolution(new DiskGrid(radialPoints, angularPoints), (double[])values.Clone(), [residual], true, "restored from a saved catalog", angle);
    }

    /// <summary>
    /// The rotation between the grid's frame and the solution's: <see cref="Values"/> hold u(R_φ x) at the grid's points
    /// (φ = Angle), and <see cref="Evaluate(double, double)"/> turns the point back. 0 except for a non-radial solution
    /// of a rotation-invariant problem refined from an arbitrary copy (<see cref="DiskSolver.Refine(Pinn.Problems.NonlinearPoisson, Func{double, double, double}, DiskSolverOptions?)"/>).
    /// </summary>
    public double Angle { get; }

    /// <summary>The collocation grid.</summary>
    public DiskGrid Grid { get; }

    /// <summary>The values at the grid's points (<see cref="DiskGrid.Points"/>), boundary circle first.</summary>
    public ReadOnlySpan<double> Values => values;

    /// <summary>
    /// The Newton residual before each iteration and at the end: the largest |F| over the collocation equations
    /// (−∇²u + N(x, u) − f at interior points, u − g on the circle), each interior equation divided by 1 + the largest
    /// entry of its row of the discrete Laplacian so that round-off in a converged solution is near machine epsilon.
    /// </summary>
    public IReadOnlyList<double> Residuals { get; }

    /// <summary>The final Newton residual.</summary>
    public double Residual => Residuals[^1];

    /// <summary>Newton iterations taken.</summary>
    public int Iterations => Residuals.Count - 1;

    /// <summary>Whether the residual reached the tolerance.</summary>
    public bool Converged { get; }

    /// <summary>Why the solve stopped, in words.</summary>
    public string Note { get; }

    /// <summary>u(0).</summary>
    public double U0 => Evaluate(0, 0);

    /// <summary>u at a point of the closed disk (spectral interpolation).</summary>
    /// <param name="x1">First coordinate.</param>
    /// <param name="x2">Second coordinate.</param>
    public double Evaluate(double x1, double x2)
    {
        coefficients ??= Grid.Coefficients(values);
        if (Angle == 0)
        {
            return Grid.EvaluateCoefficients(coefficients, x1, x2);
        }

        // u(x) = v(R₋φ x), where v are the grid values' interpolant.
        double c = Math.Cos(Angle), s = Math.Sin(Angle);
        return Grid.EvaluateCoefficients(coefficients, (c * x1) + (s * x2), (-s * x1) + (c * x2));
    }

    /// <summary>u at a point given as an array (x₁, x₂), as a <see cref="CatalogEntry"/> evaluates.</summary>
    /// <param name="x">The point.</param>
    public double Evaluate(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Evaluate(x[0], x.Length > 1 ? x[1] : 0);
    }

    /// <summary>
    /// The grid's resolution of this solution: the larger of its angular and radial spectral tails
    /// (<see cref="DiskGrid.SpectralTail"/>), relative to max |u|; about the interpolation error. Above ~1e-8 a finer
    /// grid changes the solution visibly (<see cref="DiskSolver.Catalog"/> refines until it is below <see cref="DiskSolver.ResolvedTail"/>).
    /// </summary>
    public double SpectralTail
    {
        get
        {
            var (angular, radial) = Grid.SpectralTail(values);
            return Math.Max(angular, radial);
        }
    }

    /// <summary>
    /// Whether u depends on the angle: the largest difference between a circle's values and their mean, over the
    /// largest |u| (0 for a radial solution up to round-off).
    /// </summary>
    public double AngularVariation()
    {
        int m = Grid.AngularPoints;
        double spread = 0, scale = 1e-300;
        for (int i = 0; i <= Grid.RadialPoints; i++)
        {
            var ring = values.AsSpan(i * m, m);
            double mean = 0;
            foreach (double v in ring)
            {
                mean += v / m;
                scale = Math.Max(scale, Math.Abs(v));
            }

            foreach (double v in ring)
            {
                spread = Math.Max(spread, Math.Abs(v - mean));
            }
        }

        return spread / scale;
    }
}
