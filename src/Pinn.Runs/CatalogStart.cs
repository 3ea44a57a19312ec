using Pinn.Core.Geometry;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
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
    public const double SharpeningFactor = 6;

    /// <summary>
    /// The seeded initial network with its first layer's weights and biases scaled by <see cref="SharpeningFactor"/>:
    /// steeper features for fitting a non-radial solution. Measured on −∇²u = u³ (its nodal solution, N = 32, D = 2):
    /// the fit's misfit 0.24 from the plain initial network (whose polish then fell to u ≡ 0), 0.075 from this one
    /// (whose polish reached the nodal solution at 7e-4).
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

    /// <summary>Where a start is fitted: 1 024 seeded random points in the ball and 128 on its sphere.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="seed">The seed.</param>
    public static IReadOnlyList<double[]> Points(int dimension, ulong seed)
    {
        var random = new Xoshiro256(seed ^ 0xC47A106UL);
        var interior = new double[1024 * dimension];
        var sphere = new double[128 * dimension];
        UnitBallSampler.Interior(random, dimension, interior);
        UnitBallSampler.Sphere(random, dimension, sphere);
        return interior.Chunk(dimension).Concat(sphere.Chunk(dimension)).ToList();
    }
}
