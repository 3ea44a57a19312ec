namespace Pinn.Shooting;

/// <summary>
/// The Dormand–Prince 5(4) embedded Runge–Kutta pair (FSAL) with adaptive steps (error per step ≤ 1 in the norm
/// max |eᵢ|/(atol + rtol·max(|yᵢ|, |ŷᵢ|))) and Hairer's 4th-order continuous extension for dense output.
/// Stateless: each call returns a <see cref="Solution"/>.
/// </summary>
public static class DormandPrince45
{
    private const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double A71 = 35.0 / 384, A73 = 500.0 / 1113, A74 = 125.0 / 192, A75 = -2187.0 / 6784, A76 = 11.0 / 84;
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;
    private const double D1 = -12715105075.0 / 11282082432, D3 = 87487479700.0 / 32700410799, D4 = -10690763975.0 / 1880347072;
    private const double D5 = 701980252875.0 / 199316789632, D6 = -1453857185.0 / 822651844, D7 = 69997945.0 / 29380423;

    /// <summary>The right-hand side y' = F(t, y).</summary>
    /// <param name="t">The independent variable.</param>
    /// <param name="y">The state.</param>
    /// <param name="dydt">Receives the derivative.</param>
    public delegate void RightHandSide(double t, ReadOnlySpan<double> y, Span<double> dydt);

    /// <summary>Integrates adaptively from t0 to t1.</summary>
    /// <param name="f">The right-hand side.</param>
    /// <param name="t0">Start.</param>
    /// <param name="y0">Initial state.</param>
    /// <param name="t1">End (&gt; t0).</param>
    /// <param name="relativeTolerance">rtol.</param>
    /// <param name="absoluteTolerance">atol.</param>
    /// <param name="bound">Stop as a blow-up when |y₀| exceeds this.</param>
    /// <param name="keepDense">Keep every step for dense output.</param>
    public static Solution Integrate(RightHandSide f, double t0, ReadOnlySpan<double> y0, double t1, double relativeTolerance, double absoluteTolerance, double bound = 1e10, bool keepDense = true)
    {
        int n = y0.Length;
        var y = y0.ToArray();
        var k1 = new double[n];
        var k2 = new double[n];
        var k3 = new double[n];
        var k4 = new double[n];
        var k5 = new double[n];
        var k6 = new double[n];
        var k7 = new double[n];
        var yt = new double[n];
        var ynew = new double[n];
        var segments = new List<Segment>();
        f(t0, y, k1);
        double t = t0;
        double h = InitialStep(t1 - t0, y, k1, relativeTolerance, absoluteTolerance);
        double minimumStep = 1e-14 * Math.Max(1, Math.Abs(t1 - t0));
        int steps = 0, rejected = 0;
        while (t < t1)
        {
            if (t + h > t1)
            {
                h = t1 - t;
            }

            double error = Stage(f, t, h, y, k1, k2, k3, k4, k5, k6, k7, yt, ynew, relativeTolerance, absoluteTolerance);
            if (double.IsNaN(error) || double.IsInfinity(error))
            {
                error = 1e10;
            }

            if (error <= 1)
            {
                if (keepDense)
                {
                    var dense = new double[5 * n];
                    for (int i = 0; i < n; i++)
                    {
                        double diff = ynew[i] - y[i];
                        double bspl = (h * k1[i]) - diff;
                        dense[i] = y[i];
                        dense[n + i] = diff;
                        dense[(2 * n) + i] = bspl;
                        dense[(3 * n) + i] = diff - (h * k7[i]) - bspl;
                        dense[(4 * n) + i] = h * ((D1 * k1[i]) + (D3 * k3[i]) + (D4 * k4[i]) + (D5 * k5[i]) + (D6 * k6[i]) + (D7 * k7[i]));
                    }

                    segments.Add(new Segment(t, h, dense));
                }

                t = t + h == t ? t1 : t + h;
                ynew.CopyTo(y, 0);
                k7.CopyTo(k1, 0);
                steps++;
                if (!double.IsFinite(y[0]) || Math.Abs(y[0]) > bound)
                {
                    return new Solution(IntegrationStatus.BlowUp, t, y, segments, steps, rejected, Math.Sign(double.IsNaN(y[0]) ? 1 : y[0]));
                }
            }
            else
            {
                rejected++;
            }

            double factor = error == 0 ? 5 : Math.Clamp(0.9 * Math.Pow(error, -0.2), 0.2, 5);
            h *= error <= 1 ? factor : Math.Min(1, factor);
            if (h < minimumStep && t < t1)
            {
                return new Solution(IntegrationStatus.StepCollapse, t, y, segments, steps, rejected, Math.Sign(y[0]) == 0 ? 1 : Math.Sign(y[0]));
            }
        }

        return new Solution(IntegrationStatus.Completed, t, y, segments, steps, rejected, 0);
    }

    /// <summary>One Dormand–Prince step: fills ynew and k7 = F(t + h, ynew); returns the scaled error norm.</summary>
    private static double Stage(RightHandSide f, double t, double h, double[] y, double[] k1, double[] k2, double[] k3, double[] k4, double[] k5, double[] k6, double[] k7, double[] yt, double[] ynew, double rtol, double atol)
    {
        int n = y.Length;
        for (int i = 0; i < n; i++)
        {
            yt[i] = y[i] + (h * A21 * k1[i]);
        }

        f(t + (C2 * h), yt, k2);
        for (int i = 0; i < n; i++)
        {
            yt[i] = y[i] + (h * ((A31 * k1[i]) + (A32 * k2[i])));
        }

        f(t + (C3 * h), yt, k3);
        for (int i = 0; i < n; i++)
        {
            yt[i] = y[i] + (h * ((A41 * k1[i]) + (A42 * k2[i]) + (A43 * k3[i])));
        }

        f(t + (C4 * h), yt, k4);
        for (int i = 0; i < n; i++)
        {
            yt[i] = y[i] + (h * ((A51 * k1[i]) + (A52 * k2[i]) + (A53 * k3[i]) + (A54 * k4[i])));
        }

        f(t + (C5 * h), yt, k5);
        for (int i = 0; i < n; i++)
        {
            yt[i] = y[i] + (h * ((A61 * k1[i]) + (A62 * k2[i]) + (A63 * k3[i]) + (A64 * k4[i]) + (A65 * k5[i])));
        }

        f(t + h, yt, k6);
        for (int i = 0; i < n; i++)
        {
            ynew[i] = y[i] + (h * ((A71 * k1[i]) + (A73 * k3[i]) + (A74 * k4[i]) + (A75 * k5[i]) + (A76 * k6[i])));
        }

        f(t + h, ynew, k7);
        double error = 0;
        for (int i = 0; i < n; i++)
        {
            double e = h * ((E1 * k1[i]) + (E3 * k3[i]) + (E4 * k4[i]) + (E5 * k5[i]) + (E6 * k6[i]) + (E7 * k7[i]));
            double scale = atol + (rtol * Math.Max(Math.Abs(y[i]), Math.Abs(ynew[i])));
            error = Math.Max(error, Math.Abs(e) / scale);
        }

        return error;
    }

    /// <summary>Integrates with a fixed step (for order checks).</summary>
    /// <param name="f">The right-hand side.</param>
    /// <param name="t0">Start.</param>
    /// <param name="y0">Initial state.</param>
    /// <param name="t1">End.</param>
    /// <param name="steps">Number of equal steps.</param>
    public static double[] IntegrateFixed(RightHandSide f, double t0, ReadOnlySpan<double> y0, double t1, int steps)
    {
        int n = y0.Length;
        var y = y0.ToArray();
        double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], k5 = new double[n], k6 = new double[n], k7 = new double[n];
        double[] yt = new double[n], ynew = new double[n];
        double h = (t1 - t0) / steps;
        f(t0, y, k1);
        for (int s = 0; s < steps; s++)
        {
            Stage(f, t0 + (s * h), h, y, k1, k2, k3, k4, k5, k6, k7, yt, ynew, 1, 1);
            ynew.CopyTo(y, 0);
            k7.CopyTo(k1, 0);
        }

        return y;
    }

    private static double InitialStep(double span, double[] y, double[] dy, double rtol, double atol)
    {
        double d0 = 0, d1 = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double scale = atol + (rtol * Math.Abs(y[i]));
            d0 = Math.Max(d0, Math.Abs(y[i]) / scale);
            d1 = Math.Max(d1, Math.Abs(dy[i]) / scale);
        }

        double h = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        return Math.Min(Math.Max(h, 1e-12 * span), span);
    }

    /// <summary>One accepted step's dense-output coefficients.</summary>
    /// <param name="Start">The step's start.</param>
    /// <param name="Step">Its length.</param>
    /// <param name="Coefficients">The five coefficient vectors, concatenated.</param>
    public sealed record Segment(double Start, double Step, double[] Coefficients);

    /// <summary>The outcome of an integration, with dense output over the accepted steps.</summary>
    /// <param name="Status">How it ended.</param>
    /// <param name="End">Where it ended.</param>
    /// <param name="FinalState">The state there.</param>
    /// <param name="Segments">Accepted steps.</param>
    /// <param name="Steps">Accepted steps taken.</param>
    /// <param name="Rejected">Rejected step attempts.</param>
    /// <param name="BlowUpSign">+1 or −1 for a blow-up, 0 otherwise.</param>
    public sealed record Solution(IntegrationStatus Status, double End, double[] FinalState, IReadOnlyList<Segment> Segments, int Steps, int Rejected, int BlowUpSign)
    {
        /// <summary>Component <paramref name="component"/> at t by the continuous extension (clamped to the integrated range).</summary>
        /// <param name="t">The point.</param>
        /// <param name="component">The state component.</param>
        public double At(double t, int component = 0)
        {
            if (Segments.Count == 0)
            {
                return FinalState[component];
            }

            int lo = 0, hi = Segments.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (Segments[mid].Start <= t)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            var s = Segments[lo];
            int n = s.Coefficients.Length / 5;
            double theta = Math.Clamp((t - s.Start) / s.Step, 0, 1), theta1 = 1 - theta;
            var c = s.Coefficients;
            return c[component] + (theta * (c[n + component] + (theta1 * (c[(2 * n) + component] + (theta * (c[(3 * n) + component] + (theta1 * c[(4 * n) + component])))))));
        }
    }
}
