using Pinn.Core.Compute.Cpu;
using Pinn.Core.Geometry;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Optimizers;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// A starting network shaped like a cataloged solution: a given network's hidden layers kept (a solution already
/// found, whose features suit the problem, or the seeded initial network), its output layer (w, b) fitted by
/// Tikhonov-filtered least squares to the entry's values, u = w·y(x) + b ≈ u*(x), then every parameter by a few Gauss–Newton iterations on the
/// values (<see cref="ValueFit"/>). Discovery starts from it to reach a cataloged solution its deflated rounds missed;
/// Gauss–Newton on the PDE then does the rest.
/// </summary>
public static class CatalogStart
{
    /// <summary>The fitted θ and the relative RMS misfit of the fit on the points.</summary>
    /// <param name="shape">The network's shape.</param>
    /// <param name="entry">The cataloged solution.</param>
    /// <param name="hidden">The network whose hidden layers are kept.</param>
    /// <param name="points">Points in the ball to fit at (more than <see cref="ResidualNetworkShape.Width"/> + 1).</param>
    /// <param name="iterations">Gauss–Newton iterations on every parameter after the output layer's fit (0: that fit alone).</param>
    public static (double[] Parameters, double Misfit) Fit(ResidualNetworkShape shape, CatalogEntry entry, ReadOnlySpan<double> hidden, IReadOnlyList<double[]> points, int iterations = 40)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(points);
        int n = shape.Width, m = n + 1, p = points.Count;
        if (p <= m)
        {
            throw new ArgumentException($"fitting {m} output parameters needs more than {m} points (got {p}).", nameof(points));
        }

        if (hidden.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"the network has {shape.ParameterCount} parameters, not {hidden.Length}.", nameof(hidden));
        }

        var theta = hidden.ToArray();
        var target = points.Select(x => entry.Evaluate(x)).ToArray();
        var values = new ValueFit(shape, points, target);

        // Features: y_j(x) = ∂u/∂w_j and 1 = ∂u/∂b, the output layer's columns of the fit's Jacobian (whose rows are
        // scaled by 1/√P), from one evaluation rather than a forward pass per output weight.
        var residuals = new double[values.Rows];
        var jacobian = new double[values.Rows * values.ParameterCount];
        values.Evaluate(theta, residuals, jacobian);
        int first = values.Rows - p;
        double unscale = Math.Sqrt(p);
        var features = new double[p * m];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < m; j++)
            {
                features[(i * m) + j] = jacobian[((first + i) * values.ParameterCount) + shape.OutputWeightOffset + j] * unscale;
            }
        }

        // The least-squares fit, Tikhonov-filtered through the SVD (c = Σ σ/(σ² + α²)·(uᵀt)·v, α = 1e-6 of the largest σ):
        // the features of a wide layer are nearly dependent, and an unfiltered fit buys its last digits at the points
        // with huge weights that make u and ∇²u wild between them.
        var f = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, m, (i, j) => features[(i * m) + j]);
        var svd = f.Svd(computeVectors: true);
        var ut = svd.U.TransposeThisAndMultiply(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(target));
        double alpha2 = Math.Pow(1e-6 * svd.S[0], 2);
        var scaled = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(m, k => k < svd.S.Count ? ut[k] * svd.S[k] / ((svd.S[k] * svd.S[k]) + alpha2) : 0);
        var c = svd.VT.TransposeThisAndMultiply(scaled);
        for (int a = 0; a < m; a++)
        {
            theta[shape.OutputWeightOffset + a] = c[a];
        }

        // Then every parameter, by Gauss–Newton on the values (a few iterations: a start, not a solution).
        var fit = new GaussNewton(values, new GaussNewtonOptions(Tolerance: 1e-6));
        for (int i = 0; i < iterations && !fit.Finished; i++)
        {
            fit.Iterate(theta);
        }

        var fitted = NetworkEvaluation.Values(shape, theta, points);
        return (theta, RelativeError.Rms(fitted, target));
    }

    /// <summary>
    /// Carries a fitted start into the cataloged solution's basin of the PINN loss by continuation on an anchor: Gauss–Newton
    /// on the stacked residuals (PDE loss rows; w·(u − u*) rows) with w² falling from <see cref="AnchorFirstRatio"/> to
    /// <see cref="AnchorLastRatio"/> times the start's ratio of PDE loss to value misfit, ×0.1 per stage of
    /// <see cref="AnchorStageIterations"/> iterations. A fitted start whose values are within a few per cent but whose
    /// Laplacian is far off makes the unanchored polish's first steps large: measured on Hénon α = 2 (−∇²u = |x|²u³, its
    /// non-radial ground state, width 32, × 10 sharpened features, fit misfit 2.6 %), the plain polish left for the radial
    /// solution (error 0.77), the anchored start stayed (error to the nearest rotated copy 0.054 when the anchor ends,
    /// 2.4e-4 after three polish passes of 200 iterations).
    /// </summary>
    /// <param name="form">The problem's residual form.</param>
    /// <param name="shape">The network's shape.</param>
    /// <param name="loss">The loss options (γ, λ) of the PDE rows.</param>
    /// <param name="entry">The cataloged solution u*.</param>
    /// <param name="start">The fitted start (not changed).</param>
    /// <param name="points">The points of <see cref="Points"/> (<see cref="InteriorPoints"/> interior, then <see cref="SpherePoints"/> on the sphere).</param>
    /// <param name="threads">CPU threads.</param>
    /// <returns>θ at the end of the last stage, and the PDE loss there (the start and its loss when either loss is not finite).</returns>
    public static (double[] Parameters, double PdeLoss) Anchor(ResidualForm form, ResidualNetworkShape shape, LossOptions loss, CatalogEntry entry, ReadOnlySpan<double> start, IReadOnlyList<double[]> points, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count != InteriorPoints + SpherePoints)
        {
            throw new ArgumentException($"anchor on the {InteriorPoints} + {SpherePoints} points of CatalogStart.Points (got {points.Count}).", nameof(points));
        }

        var backend = new CpuBackend<double>(threads);
        var pinn = new PinnLoss<double>(backend, form, shape, InteriorPoints, SpherePoints, loss);
        pinn.SetPoints(points.SelectMany(x => x).ToArray());
        var pde = new PinnLeastSquares(pinn, backend);
        var values = new ValueFit(shape, points, points.Select(x => entry.Evaluate(x)).ToArray(), threads);
        var theta = start.ToArray();
        double pdeLoss = pde.Evaluate(theta, new double[pde.Rows], null), misfit = values.Evaluate(theta, new double[values.Rows], null);
        if (!double.IsFinite(pdeLoss) || !double.IsFinite(misfit))
        {
            // Nothing to anchor on (the start overflows somewhere): hand it on as it is; the polish reports the loss.
            return (theta, pdeLoss);
        }

        double ratio = misfit > 0 ? Math.Max(pdeLoss, 1e-300) / misfit : 1;
        for (double w2 = AnchorFirstRatio; w2 >= AnchorLastRatio * 0.999; w2 *= 0.1)
        {
            var polisher = new GaussNewton(new StackedLeastSquares(pde, values, Math.Sqrt(w2 * ratio)), new GaussNewtonOptions(Tolerance: 0));
            for (int i = 0; i < AnchorStageIterations && !polisher.Finished; i++)
            {
                polisher.Iterate(theta);
            }
        }

        return (theta, pde.Evaluate(theta, new double[pde.Rows], null));
    }

    /// <summary>The anchor's first weight, relative to the start's ratio of PDE loss to value misfit.</summary>
    public const double AnchorFirstRatio = 1e2;

    /// <summary>The anchor's last weight, relative to the same ratio.</summary>
    public const double AnchorLastRatio = 1e-4;

    /// <summary>Gauss–Newton iterations per anchor weight.</summary>
    public const int AnchorStageIterations = 20;

    /// <summary>Interior points of <see cref="Points"/>.</summary>
    public const int InteriorPoints = 1024;

    /// <summary>Points on the sphere of <see cref="Points"/>.</summary>
    public const int SpherePoints = 128;

    /// <summary>The seeded initial network (<see cref="NetworkInitializer"/>), for when no solution is known yet.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="seed">The seed.</param>
    public static double[] Initial(ResidualNetworkShape shape, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(seed), theta);
        return theta;
    }

    /// <summary>How much <see cref="Sharpened"/> scales the first layer.</summary>
    public const double SharpeningFactor = 10;

    /// <summary>
    /// The seeded initial network with its first layer's weights and biases scaled by <see cref="SharpeningFactor"/>:
    /// steeper features for fitting a non-radial solution. Measured (N = 32, D = 2, fit to the values, then
    /// <see cref="Anchor"/> and polishing): −∇²u = u³'s nodal solution, misfit 0.24 from the plain initial network (whose
    /// polish fell to u ≡ 0), 0.075 with × 6 (error 0.11 after the anchor and one polish pass), 0.064 with × 10 (0.019);
    /// Hénon α = 2's non-radial ground state, 0.032 with × 6 (the polish left for the radial solution), 0.026 with × 10
    /// (error 2.4e-4 after three passes).
    /// </summary>
    /// <param name="shape">The shape.</param>
    /// <param name="seed">The seed.</param>
    public static double[] Sharpened(ResidualNetworkShape shape, ulong seed)
    {
        var theta = Initial(shape, seed);
        for (int i = 0; i < shape.BiasOffset(0) + shape.Width; i++)
        {
            theta[i] *= SharpeningFactor;
        }

        return theta;
    }

    /// <summary>
    /// Which found solution lends its hidden layers to a start fitted to a missed radial entry: among those not ≈ 0 (RMS
    /// above <see cref="TrivialRmsRatio"/> of the entry's), the nearest in u(0) — or in −u(0) where the problem is odd
    /// (u → −u maps solutions to solutions), so that −u of a found solution starts from that solution's own features.
    /// Features of u ≡ 0 lead a fit back to u ≡ 0; those of the nearest non-trivial solution are shaped like the entry.
    /// </summary>
    /// <param name="found">u(0) and RMS value of each found solution (at the fit's points).</param>
    /// <param name="entryU0">The missed entry's u(0).</param>
    /// <param name="entryRms">The missed entry's RMS value at the same points.</param>
    /// <param name="odd">Whether the problem is odd (u → −u).</param>
    /// <returns>The index into <paramref name="found"/>, or −1 when every found solution is ≈ 0.</returns>
    public static int FeatureSource(IReadOnlyList<(double U0, double Rms)> found, double entryU0, double entryRms, bool odd)
    {
        ArgumentNullException.ThrowIfNull(found);
        int best = -1;
        double nearest = double.PositiveInfinity;
        for (int i = 0; i < found.Count; i++)
        {
            var (u0, rms) = found[i];
            if (!(rms > TrivialRmsRatio * entryRms))
            {
                continue;
            }

            double distance = Math.Min(Math.Abs(u0 - entryU0), odd ? Math.Abs(u0 + entryU0) : double.PositiveInfinity);
            if (distance < nearest)
            {
                (best, nearest) = (i, distance);
            }
        }

        return best;
    }

    /// <summary>A found solution whose RMS value is at most this fraction of a missed entry's counts as ≈ 0 for <see cref="FeatureSource"/>.</summary>
    public const double TrivialRmsRatio = 1e-3;

    /// <summary>Where a start is fitted: 1 024 seeded random points in the ball and 128 on its sphere.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="seed">The seed.</param>
    public static IReadOnlyList<double[]> Points(int dimension, ulong seed)
    {
        var random = new Xoshiro256(seed ^ 0xC47A106UL);
        var interior = new double[InteriorPoints * dimension];
        var sphere = new double[SpherePoints * dimension];
        UnitBallSampler.Interior(random, dimension, interior);
        UnitBallSampler.Sphere(random, dimension, sphere);
        return interior.Chunk(dimension).Concat(sphere.Chunk(dimension)).ToList();
    }
}
