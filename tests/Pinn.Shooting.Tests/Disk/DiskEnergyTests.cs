using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Shooting.Disk;

namespace Pinn.Shooting.Tests.Disk;

public sealed class DiskEnergyTests
{
    [Fact]
    public void TheEnergyOfClosedFormSolutionsIsExact()
    {
        // −∇²u = 4, u = 0: u = 1 − r², E = ∫ ½|∇u|² − 4u = 2π ∫ (2r² − 4 + 4r²) r dr = −π.
        var bump = DiskSolver.Solve(new NonlinearPoisson(2, Expr.Number(0), Expr.Number(4), Expr.Number(0)), (_, _) => 0, new DiskSolverOptions(8, 8));
        NumericAssert.Relative(-Math.PI, DiskSolver.Energy(new NonlinearPoisson(2, Expr.Number(0), Expr.Number(4), Expr.Number(0)), bump), 1e-12, what: "E(1 − r²)");

        // −∇²u = 0, u = x1 on the circle: u = x1, E = ½∫|∇u|² = π/2 (the boundary term carries it).
        var linear = new NonlinearPoisson(2, Expr.Number(0), Expr.Number(0), ExprParser.Parse("x1"));
        NumericAssert.Relative(Math.PI / 2, DiskSolver.Energy(linear, DiskSolver.Solve(linear, (_, _) => 0, new DiskSolverOptions(8, 8))), 1e-12, what: "E(x1)");

        // N(u) = u³, u* = x1 x2 + 0.5: E = ∫ ½|∇u|² + u⁴/4 − f u with f = u*³ (u* harmonic): by 2-D quadrature.
        var cubic = Manufactured.From(ExprParser.Parse("x1*x2 + 0.5"), ExprParser.Parse("u^3"), 2);
        var solution = DiskSolver.Solve(cubic, (_, _) => 0, new DiskSolverOptions(12, 16));
        double expected = PolarQuadrature((x, y) =>
        {
            double u = (x * y) + 0.5;
            return (0.5 * ((y * y) + (x * x))) + (Math.Pow(u, 4) / 4) - (u * u * u * u);
        });
        NumericAssert.Relative(expected, DiskSolver.Energy(cubic, solution), 1e-11, what: "E of the manufactured cubic solution");
    }

    [Fact]
    public void TheHenonGroundStateIsNonRadialAndBelowTheRadialSolution()
    {
        // −∇²u = |x|^6 u³ on the disk, u = 0: the positive radial solution (checked against shooting with N(r, u))
        // and a one-signed non-radial one of lower energy — the ground state breaks the symmetry (Smets, Su and Willem).
        var problem = new NonlinearPoisson(2, ExprParser.Parse("-r^6*u^3"), Expr.Number(0), Expr.Number(0), name: "henon");
        var found = DiskSolver.Catalog(problem);
        var shot = RadialShooting.FindAll(problem, new ShootingOptions(0.5, 30)).Single();
        var radial = found.Single(s => s.AngularVariation() < 1e-8 && s.U0 > 1);
        NumericAssert.Relative(shot.U0, radial.U0, 1e-8, what: "u(0) of the positive radial solution against shooting");
        // One-signed and non-radial (u and −u are one solution here: N is odd and f = g = 0).
        static bool OneSigned(DiskSolution s) => s.Values.ToArray().Min() > -1e-8 || s.Values.ToArray().Max() < 1e-8;
        var positive = found.Where(s => s.AngularVariation() > 0.1 && OneSigned(s)).ToList();
        Assert.NotEmpty(positive);
        double radialEnergy = DiskSolver.Energy(problem, radial);
        var ground = positive.MinBy(s => DiskSolver.Energy(problem, s))!;
        double groundEnergy = DiskSolver.Energy(problem, ground);
        Assert.True(groundEnergy < 0.6 * radialEnergy, $"non-radial {groundEnergy:G6} against radial {radialEnergy:G6}");

        // The catalog resolved it (spectral tail ≤ 1e-8, or it says how far it got): on a grid 1.5 times finer in
        // both directions its energy agrees to 1e-7 and the solution itself to 1e-6 up to a rotation (rotations are a
        // direction in which Newton's matrix is singular: the finer grid's solve may settle at another angle).
        Assert.True(ground.SpectralTail < 1e-7, $"spectral tail {ground.SpectralTail:G3} on {ground.Grid.RadialPoints} × {ground.Grid.AngularPoints}");
        var finer = DiskSolver.Refine(problem, ground.Evaluate, new DiskSolverOptions(36, 2 * (int)(0.75 * ground.Grid.AngularPoints)));
        Assert.True(finer.Converged, finer.Note);
        NumericAssert.Relative(groundEnergy, DiskSolver.Energy(problem, finer), 1e-7, what: "the ground state's energy on two grids");
        var points = SolutionClassifier.SamplePoints(2, new ClassifierOptions(RadialPoints: 21));
        double distance = SolutionSymmetry.Of(problem).Distance(points, points.Select(finer.Evaluate).ToArray(), ground.Evaluate, 1);
        Assert.True(distance < 1e-6, $"distance up to rotation {distance:G3}");
    }

    private static double PolarQuadrature(Func<double, double, double> h)
    {
        var r = new MathNet.Numerics.Integration.GaussLegendreRule(0, 1, 24);
        double sum = 0;
        const int Angles = 64;
        for (int i = 0; i < r.Order; i++)
        {
            for (int k = 0; k < Angles; k++)
            {
                double t = 2 * Math.PI * k / Angles, rr = r.GetAbscissa(i);
                sum += r.GetWeight(i) * rr * h(rr * Math.Cos(t), rr * Math.Sin(t)) * 2 * Math.PI / Angles;
            }
        }

        return sum;
    }
}
