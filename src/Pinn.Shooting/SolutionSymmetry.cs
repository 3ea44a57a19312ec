using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Shooting;

/// <summary>
/// The symmetries that map a problem's solutions to solutions, so that a solution and its images are one solution:
/// rotations about the origin when f, g and N depend on x through r alone (in d = 2, where a non-radial solution
/// comes as a circle of rotated copies), and u → −u when N is odd and f = g = 0.
/// </summary>
/// <param name="Rotations">Rotating a solution about the origin gives a solution (applied in d = 2).</param>
/// <param name="SignFlip">−u is a solution whenever u is.</param>
public sealed record SolutionSymmetry(bool Rotations, bool SignFlip)
{
    /// <summary>No symmetry: solutions are compared as they are.</summary>
    public static SolutionSymmetry None { get; } = new(false, false);

    /// <summary>Whether there is anything to minimise over.</summary>
    public bool Any => Rotations || SignFlip;

    /// <summary>
    /// The symmetries of a problem: <see cref="Rotations"/> when f, g and N use no coordinate (r is allowed);
    /// <see cref="SignFlip"/> when f and g are the constant 0 and N(x, −u) = −N(x, u) at u = 0.37, 1.9, 4.3 and points
    /// at r = 0, 0.31, 0.77, 1 (to 1e-12 relative).
    /// </summary>
    /// <param name="problem">The problem.</param>
    public static SolutionSymmetry Of(NonlinearPoisson problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        bool rotations = new[] { problem.Source, problem.Boundary, problem.Nonlinearity }
            .All(e => !e.Variables().Any(v => SymbolNames.TryCoordinateIndex(v, out _)));
        bool zeroData = IsZero(problem.Source) && IsZero(problem.Boundary);
        bool odd = false;
        if (zeroData)
        {
            // At u = 0.37, 1.9, 4.3 and at points on several circles (N may use x and r, e.g. Hénon's −r^α u³).
            var n = ExprCompiler.Compile(problem.Nonlinearity, problem.Dimension, problem.Parameters);
            var points = new[] { 0.0, 0.31, 0.77, 1.0 }.Select(r => Enumerable.Range(0, problem.Dimension).Select(i => problem.Dimension == 1 ? r : r * (i == 0 ? 0.8 : 0.6 / Math.Sqrt(problem.Dimension - 1))).ToArray());
            odd = points.All(x => new[] { 0.37, 1.9, 4.3 }.All(u =>
            {
                double plus = n.Evaluate(x, u), minus = n.Evaluate(x, -u);
                return double.IsFinite(plus) && double.IsFinite(minus) && Math.Abs(plus + minus) <= 1e-12 * Math.Max(1, Math.Abs(plus));
            }));
        }

        return new SolutionSymmetry(rotations, odd);
    }

    /// <summary>
    /// RMS(u − S·v) / max(RMS(v), <paramref name="floor"/>) minimised over the symmetries S (rotations by φ in the
    /// x1–x2 plane: 72 angles, then a golden-section search around the best; and the sign where allowed); the plain
    /// relative distance when there is no symmetry or d ≠ 2.
    /// </summary>
    /// <param name="points">Sample points (d coordinates each).</param>
    /// <param name="values">u at the points.</param>
    /// <param name="reference">v, evaluated anywhere in the ball.</param>
    /// <param name="floor">The denominator's floor (so that v ≡ 0 can be a reference).</param>
    public double Distance(double[][] points, double[] values, Func<double[], double> reference, double floor) =>
        Align(points, values, reference, floor).Distance;

    /// <summary>
    /// The image of <paramref name="reference"/> nearest to u (see <see cref="Distance"/>): the distance, the angle φ
    /// and the sign, so that u(x) ≈ sign·v(R_φ x).
    /// </summary>
    /// <param name="points">Sample points (d coordinates each).</param>
    /// <param name="values">u at the points.</param>
    /// <param name="reference">v.</param>
    /// <param name="floor">The denominator's floor.</param>
    public (double Distance, double Angle, double Sign) Align(double[][] points, double[] values, Func<double[], double> reference, double floor)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(reference);
        bool rotate = Rotations && points.Length > 0 && points[0].Length == 2;
        var rotated = new double[points.Length];
        double At(double phi, double sign)
        {
            var image = Image(reference, phi, sign, rotate);
            for (int p = 0; p < points.Length; p++)
            {
                rotated[p] = image(points[p]);
            }

            return Pinn.Core.LinearAlgebra.RelativeError.Rms(values, rotated, floor);
        }

        var best = (Distance: double.PositiveInfinity, Angle: 0.0, Sign: 1.0);
        foreach (double sign in SignFlip ? new[] { 1.0, -1.0 } : [1.0])
        {
            if (!rotate)
            {
                double d = At(0, sign);
                best = d < best.Distance ? (d, 0, sign) : best;
                continue;
            }

            const int Angles = 72;
            double step = 2 * Math.PI / Angles, bestPhi = 0, bestHere = double.PositiveInfinity;
            for (int k = 0; k < Angles; k++)
            {
                double d = At(k * step, sign);
                if (d < bestHere)
                {
                    bestHere = d;
                    bestPhi = k * step;
                }
            }

            // Golden-section search on [φ − step, φ + step].
            double a = bestPhi - step, b = bestPhi + step, ratio = (Math.Sqrt(5) - 1) / 2;
            double c1 = b - (ratio * (b - a)), c2 = a + (ratio * (b - a));
            double f1 = At(c1, sign), f2 = At(c2, sign);
            for (int i = 0; i < 40; i++)
            {
                if (f1 < f2)
                {
                    b = c2;
                    c2 = c1;
                    f2 = f1;
                    c1 = b - (ratio * (b - a));
                    f1 = At(c1, sign);
                }
                else
                {
                    a = c1;
                    c1 = c2;
                    f1 = f2;
                    c2 = a + (ratio * (b - a));
                    f2 = At(c2, sign);
                }
            }

            foreach (var (d, phi) in new[] { (bestHere, bestPhi), (f1, c1), (f2, c2) })
            {
                if (d < best.Distance)
                {
                    best = (d, phi, sign);
                }
            }
        }

        return best;
    }

    /// <summary>The image x ↦ sign·v(R_φ x) of a function under a rotation by φ in the x1–x2 plane and a sign.</summary>
    /// <param name="reference">v.</param>
    /// <param name="angle">φ.</param>
    /// <param name="sign">±1.</param>
    public static Func<double[], double> Image(Func<double[], double> reference, double angle, double sign) => Image(reference, angle, sign, rotate: true);

    private static Func<double[], double> Image(Func<double[], double> reference, double angle, double sign, bool rotate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!rotate || angle == 0)
        {
            return sign == 1 ? reference : x => sign * reference(x);
        }

        double c = Math.Cos(angle), s = Math.Sin(angle);
        return x =>
        {
            var y = (double[])x.Clone();
            y[0] = (c * x[0]) - (s * x[1]);
            y[1] = (s * x[0]) + (c * x[1]);
            return sign * reference(y);
        };
    }

    private static bool IsZero(Expr e) => e.Simplify() is ConstantExpr { Value: 0 };
}
