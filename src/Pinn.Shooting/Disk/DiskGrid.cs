namespace Pinn.Shooting.Disk;

/// <summary>
/// The collocation grid of the disk solver: Chebyshev in r, Fourier in θ, with the parity trick at the origin
/// (Fornberg; Trefethen, <i>Spectral Methods in MATLAB</i>, ch. 11). The radial coordinate runs over the whole
/// diameter, s ∈ [−1, 1], on the Chebyshev points s_j = cos(πj/N) with N = 2n + 1 odd, so that no point sits at the
/// origin; a point at negative s is the point at radius |s| and angle θ + π, so only the n + 1 radii s_0 = 1 (the
/// boundary circle) … s_n &gt; 0 carry unknowns. Values are stored ring by ring: index <c>i·M + k</c> is radius s_i,
/// angle θ_k = 2πk/M (M even). Immutable; the matrices are built once.
/// </summary>
public sealed class DiskGrid
{
    private readonly double[,] first;
    private readonly double[,] second;
    private readonly double[] chebyshev;
    private readonly double[] baryWeights;

    /// <summary>Builds the grid.</summary>
    /// <param name="radialPoints">n ≥ 2: radii strictly inside the disk (the boundary circle comes on top).</param>
    /// <param name="angularPoints">M ≥ 4, even: angles per circle.</param>
    public DiskGrid(int radialPoints, int angularPoints)
    {
        if (radialPoints < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(radialPoints), radialPoints, "The disk grid needs at least 2 interior radii.");
        }

        if (angularPoints < 4 || angularPoints % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(angularPoints), angularPoints, "The disk grid needs an even number of angles, at least 4.");
        }

        RadialPoints = radialPoints;
        AngularPoints = angularPoints;
        int order = (2 * radialPoints) + 1;
        chebyshev = new double[order + 1];
        for (int j = 0; j <= order; j++)
        {
            chebyshev[j] = Math.Cos(Math.PI * j / order);
        }

        // Symmetrise: s_{N−j} = −s_j exactly, so that the parity map is exact in floating point.
        for (int j = 0; j <= radialPoints; j++)
        {
            chebyshev[order - j] = -chebyshev[j];
        }

        first = ChebyshevDifferentiation(chebyshev);
        second = Multiply(first, first);
        baryWeights = new double[order + 1];
        for (int j = 0; j <= order; j++)
        {
            baryWeights[j] = ((j % 2 == 0) ? 1.0 : -1.0) * ((j == 0 || j == order) ? 0.5 : 1.0);
        }

        Theta = new double[angularPoints];
        for (int k = 0; k < angularPoints; k++)
        {
            Theta[k] = 2 * Math.PI * k / angularPoints;
        }

        Radii = new double[radialPoints + 1];
        Array.Copy(chebyshev, Radii, radialPoints + 1);
    }

    /// <summary>n: the radii strictly inside the disk.</summary>
    public int RadialPoints { get; }

    /// <summary>M: the angles per circle.</summary>
    public int AngularPoints { get; }

    /// <summary>The stored values: (n + 1)·M, the boundary circle first.</summary>
    public int Count => (RadialPoints + 1) * AngularPoints;

    /// <summary>The radii s_0 = 1 &gt; s_1 &gt; … &gt; s_n &gt; 0 (copy-free; do not modify).</summary>
    public double[] Radii { get; }

    /// <summary>The angles θ_k = 2πk/M (copy-free; do not modify).</summary>
    public double[] Theta { get; }

    /// <summary>Whether stored value <paramref name="index"/> lies on the boundary circle.</summary>
    /// <param name="index">A stored index.</param>
    public bool IsBoundary(int index) => index < AngularPoints;

    /// <summary>The Cartesian coordinates of every stored value, row-major (x₁, x₂).</summary>
    public double[] Points()
    {
        var points = new double[2 * Count];
        for (int i = 0; i <= RadialPoints; i++)
        {
            for (int k = 0; k < AngularPoints; k++)
            {
                int index = (i * AngularPoints) + k;
                points[2 * index] = Radii[i] * Math.Cos(Theta[k]);
                points[(2 * index) + 1] = Radii[i] * Math.Sin(Theta[k]);
            }
        }

        return points;
    }

    /// <summary>Samples a function of (x₁, x₂) at every stored point.</summary>
    /// <param name="u">The function.</param>
    public double[] Sample(Func<double, double, double> u)
    {
        ArgumentNullException.ThrowIfNull(u);
        var points = Points();
        var values = new double[Count];
        for (int p = 0; p < Count; p++)
        {
            values[p] = u(points[2 * p], points[(2 * p) + 1]);
        }

        return values;
    }

    /// <summary>
    /// The Laplacian ∂²u/∂r² + (1/r)∂u/∂r + (1/r²)∂²u/∂θ² as a dense Count × Count matrix acting on the stored
    /// values; the rows of the boundary circle are zero (the solver replaces them by u = g).
    /// </summary>
    public double[,] Laplacian() => Laplacian(includeBoundary: false);

    /// <summary>∂u/∂r on the boundary circle (M values, one per angle), from the Chebyshev derivative along each diameter.</summary>
    /// <param name="values">Count stored values.</param>
    public double[] BoundaryRadialDerivative(ReadOnlySpan<double> values)
    {
        if (values.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} stored values, got {values.Length}.", nameof(values));
        }

        int n = RadialPoints, m = AngularPoints, order = (2 * n) + 1, half = m / 2;
        var result = new double[m];
        for (int k = 0; k < m; k++)
        {
            double sum = 0;
            for (int j = 0; j <= order; j++)
            {
                bool mirrored = j > n;
                int ring = mirrored ? order - j : j;
                sum += first[0, j] * values[(ring * m) + (mirrored ? (k + half) % m : k)];
            }

            result[k] = sum;
        }

        return result;
    }

    /// <summary>
    /// ∫ h dA over the unit disk of a function given by its stored values: the mean over each circle (the trapezoid
    /// rule, exact for the grid's Fourier modes), interpolated in r as an even polynomial through the diameter's
    /// Chebyshev points, then ∫₀¹ H(r) r dr by Gauss–Legendre quadrature (spectrally accurate).
    /// </summary>
    /// <param name="values">h at the stored points.</param>
    public double Integrate(ReadOnlySpan<double> values)
    {
        if (values.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} stored values, got {values.Length}.", nameof(values));
        }

        int n = RadialPoints, m = AngularPoints, order = (2 * n) + 1;
        var mean = new double[order + 1];
        for (int i = 0; i <= n; i++)
        {
            double sum = 0;
            for (int k = 0; k < m; k++)
            {
                sum += values[(i * m) + k];
            }

            mean[i] = sum / m;
            mean[order - i] = mean[i];
        }

        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(0, 1, order + 2);
        double integral = 0;
        for (int q = 0; q < rule.Order; q++)
        {
            double r = rule.GetAbscissa(q), numerator = 0, denominator = 0;
            for (int j = 0; j <= order; j++)
            {
                double t = baryWeights[j] / (r - chebyshev[j]);
                numerator += t * mean[j];
                denominator += t;
            }

            integral += rule.GetWeight(q) * r * numerator / denominator;
        }

        return 2 * Math.PI * integral;
    }

    /// <summary>
    /// How well the grid resolves stored values: the largest of the last three Fourier coefficients on any circle
    /// (the angular tail) and of the last three Chebyshev coefficients along any diameter (the radial tail), each
    /// relative to the largest |value|. For a smooth function this is about the interpolation error.
    /// </summary>
    /// <param name="values">Count stored values.</param>
    /// <returns>The angular and the radial tail.</returns>
    public (double Angular, double Radial) SpectralTail(ReadOnlySpan<double> values)
    {
        var c = Coefficients(values);
        int n = RadialPoints, m = AngularPoints, order = (2 * n) + 1, half = m / 2;
        double scale = 1e-300;
        foreach (double v in values)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        double angular = 0;
        for (int i = 0; i <= n; i++)
        {
            // The last harmonics: (a, b) of M/2 − 2 and M/2 − 1, and the Nyquist coefficient.
            for (int q = Math.Max(1, m - 5); q < m; q++)
            {
                angular = Math.Max(angular, Math.Abs(c[(i * m) + q]));
            }
        }

        double radial = 0;
        var line = new double[order + 1];
        for (int k = 0; k < half; k++)
        {
            for (int i = 0; i <= n; i++)
            {
                line[i] = values[(i * m) + k];
                line[order - i] = values[(i * m) + k + half];
            }

            for (int degree = Math.Max(0, order - 2); degree <= order; degree++)
            {
                double sum = 0;
                for (int j = 0; j <= order; j++)
                {
                    double w = (j == 0 || j == order) ? 0.5 : 1;
                    sum += w * line[j] * Math.Cos(Math.PI * j * degree / order);
                }

                double coefficient = 2 * sum / order * (degree == order ? 0.5 : 1);
                radial = Math.Max(radial, Math.Abs(coefficient));
            }
        }

        return (angular / scale, radial / scale);
    }

    /// <summary>The Laplacian matrix, with rows on the boundary circle too when <paramref name="includeBoundary"/>.</summary>
    internal double[,] Laplacian(bool includeBoundary)
    {
        int n = RadialPoints, m = AngularPoints, order = (2 * n) + 1, half = m / 2;
        var lap = new double[Count, Count];
        double h = 2 * Math.PI / m;
        var fourier = new double[m];
        fourier[0] = (-Math.PI * Math.PI / (3 * h * h)) - (1.0 / 6);
        for (int d = 1; d < m; d++)
        {
            double s = Math.Sin(d * h / 2);
            fourier[d] = 0.5 * (d % 2 == 0 ? -1.0 : 1.0) / (s * s);
        }

        for (int i = includeBoundary ? 0 : 1; i <= n; i++)
        {
            double r = chebyshev[i];
            for (int j = 0; j <= order; j++)
            {
                double weight = second[i, j] + (first[i, j] / r);
                bool mirrored = j > n;
                int ring = mirrored ? order - j : j;
                for (int k = 0; k < m; k++)
                {
                    int column = (ring * m) + (mirrored ? (k + half) % m : k);
                    lap[(i * m) + k, column] += weight;
                }
            }

            double inverse = 1 / (r * r);
            for (int k = 0; k < m; k++)
            {
                for (int l = 0; l < m; l++)
                {
                    lap[(i * m) + k, (i * m) + l] += inverse * fourier[Math.Abs(k - l)];
                }
            }
        }

        return lap;
    }

    /// <summary>
    /// Evaluates the spectral interpolant of stored values at a point of the closed disk: trigonometric
    /// interpolation on every circle (at θ and θ + π), then barycentric Chebyshev interpolation along the diameter.
    /// For many points, compute <see cref="Coefficients"/> once and use <see cref="EvaluateCoefficients"/>.
    /// </summary>
    /// <param name="values">Count stored values.</param>
    /// <param name="x1">First coordinate.</param>
    /// <param name="x2">Second coordinate.</param>
    public double Evaluate(ReadOnlySpan<double> values, double x1, double x2) => EvaluateCoefficients(Coefficients(values), x1, x2);

    /// <summary>
    /// The Fourier coefficients of every circle of stored values: per circle a₀, then (a_m, b_m) for m = 1 … M/2 − 1,
    /// then the Nyquist coefficient (of cos(Mθ/2)); M values per circle, circles in stored order.
    /// </summary>
    /// <param name="values">Count stored values.</param>
    public double[] Coefficients(ReadOnlySpan<double> values)
    {
        if (values.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} stored values, got {values.Length}.", nameof(values));
        }

        int m = AngularPoints, half = m / 2;
        var c = new double[Count];
        for (int i = 0; i <= RadialPoints; i++)
        {
            var ring = values.Slice(i * m, m);
            int o = i * m;
            double a0 = 0, nyquist = 0;
            for (int k = 0; k < m; k++)
            {
                a0 += ring[k];
                nyquist += (k % 2 == 0 ? 1 : -1) * ring[k];
            }

            c[o] = a0 / m;
            c[o + m - 1] = nyquist / m;
            for (int h = 1; h < half; h++)
            {
                double a = 0, b = 0;
                for (int k = 0; k < m; k++)
                {
                    double angle = 2 * Math.PI * ((long)h * k % m) / m;
                    a += ring[k] * Math.Cos(angle);
                    b += ring[k] * Math.Sin(angle);
                }

                c[o + (2 * h) - 1] = 2 * a / m;
                c[o + (2 * h)] = 2 * b / m;
            }
        }

        return c;
    }

    /// <summary>The interpolant at a point of the closed disk from <see cref="Coefficients"/> (no trigonometric calls per circle).</summary>
    /// <param name="coefficients">From <see cref="Coefficients"/>.</param>
    /// <param name="x1">First coordinate.</param>
    /// <param name="x2">Second coordinate.</param>
    public double EvaluateCoefficients(ReadOnlySpan<double> coefficients, double x1, double x2)
    {
        double r = Math.Sqrt((x1 * x1) + (x2 * x2));
        double cos1 = r > 0 ? x1 / r : 1, sin1 = r > 0 ? x2 / r : 0;
        r = Math.Min(r, 1);
        int n = RadialPoints, m = AngularPoints, half = m / 2, order = (2 * n) + 1;

        // cos(hθ), sin(hθ) by the angle-addition recurrence.
        Span<double> cosH = stackalloc double[half + 1];
        Span<double> sinH = stackalloc double[half + 1];
        cosH[0] = 1;
        sinH[0] = 0;
        for (int h = 1; h <= half; h++)
        {
            cosH[h] = (cosH[h - 1] * cos1) - (sinH[h - 1] * sin1);
            sinH[h] = (sinH[h - 1] * cos1) + (cosH[h - 1] * sin1);
        }

        Span<double> line = stackalloc double[order + 1];
        for (int i = 0; i <= n; i++)
        {
            var c = coefficients.Slice(i * m, m);
            double even = c[0], odd = 0;
            for (int h = 1; h < half; h++)
            {
                double term = (c[(2 * h) - 1] * cosH[h]) + (c[2 * h] * sinH[h]);
                if (h % 2 == 0)
                {
                    even += term;
                }
                else
                {
                    odd += term;
                }
            }

            double nyquist = c[m - 1] * cosH[half];
            if (half % 2 == 0)
            {
                even += nyquist;
            }
            else
            {
                odd += nyquist;
            }

            // At θ + π the harmonic h changes sign with (−1)^h.
            line[i] = even + odd;
            line[order - i] = even - odd;
        }

        double numerator = 0, denominator = 0;
        for (int j = 0; j <= order; j++)
        {
            double diff = r - chebyshev[j];
            if (diff == 0)
            {
                return line[j];
            }

            double t = baryWeights[j] / diff;
            numerator += t * line[j];
            denominator += t;
        }

        return numerator / denominator;
    }

    /// <summary>The Chebyshev differentiation matrix on the given points (Trefethen's cheb, negative-sum diagonal).</summary>
    private static double[,] ChebyshevDifferentiation(double[] x)
    {
        int size = x.Length, order = size - 1;
        var d = new double[size, size];
        for (int i = 0; i < size; i++)
        {
            double ci = (i == 0 || i == order) ? 2 : 1;
            double rowSum = 0;
            for (int j = 0; j < size; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double cj = (j == 0 || j == order) ? 2 : 1;
                double sign = ((i + j) % 2 == 0) ? 1 : -1;
                d[i, j] = ci / cj * sign / (x[i] - x[j]);
                rowSum += d[i, j];
            }

            d[i, i] = -rowSum;
        }

        return d;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int size = a.GetLength(0);
        var c = new double[size, size];
        for (int i = 0; i < size; i++)
        {
            for (int k = 0; k < size; k++)
            {
                double aik = a[i, k];
                for (int j = 0; j < size; j++)
                {
                    c[i, j] += aik * b[k, j];
                }
            }
        }

        return c;
    }
}
