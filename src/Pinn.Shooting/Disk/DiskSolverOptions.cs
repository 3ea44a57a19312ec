using Pinn.Core.Configuration;

namespace Pinn.Shooting.Disk;

/// <summary>Settings of the disk solver (<see cref="DiskSolver"/>).</summary>
/// <param name="RadialPoints">n: Chebyshev radii strictly inside the disk (the grid spans the diameter with 2n + 2 points).</param>
/// <param name="AngularPoints">M: equispaced angles per circle (even).</param>
/// <param name="Tolerance">Converged when the Newton residual (<see cref="DiskSolution.Residual"/>) is at most this.</param>
/// <param name="MaxIterations">Newton iterations before giving up.</param>
/// <param name="DeflationPower">p in the deflation factor Π_j (‖u − u_j‖^−p + σ) (Farrell, Birkisson and Funke 2015).</param>
/// <param name="DeflationShift">σ in the deflation factor: how strongly the deflated equations still pull towards far-away solutions.</param>
/// <param name="NonRadialSearch">For a radial problem in d = 2, also search for non-radial solutions and add them to the catalog (a few seconds).</param>
public sealed record DiskSolverOptions(
    int RadialPoints = 24,
    int AngularPoints = 32,
    double Tolerance = 1e-10,
    int MaxIterations = 60,
    double DeflationPower = 2,
    double DeflationShift = 1,
    bool NonRadialSearch = true)
{
    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public DiskSolverOptions Validate()
    {
        if (RadialPoints is < 2 or > 128)
        {
            throw new OptionsValidationException(nameof(RadialPoints), $"RadialPoints must be from 2 to 128, got {RadialPoints}.");
        }

        if (AngularPoints is < 4 or > 256 || AngularPoints % 2 != 0)
        {
            throw new OptionsValidationException(nameof(AngularPoints), $"AngularPoints must be even, from 4 to 256, got {AngularPoints}.");
        }

        if (!(Tolerance >= 1e-15 && Tolerance <= 1e-2))
        {
            throw new OptionsValidationException(nameof(Tolerance), $"Tolerance must be from 1e-15 to 1e-2, got {Tolerance}.");
        }

        if (MaxIterations is < 1 or > 10_000)
        {
            throw new OptionsValidationException(nameof(MaxIterations), $"MaxIterations must be from 1 to 10000, got {MaxIterations}.");
        }

        if (!(DeflationPower >= 1 && DeflationPower <= 8))
        {
            throw new OptionsValidationException(nameof(DeflationPower), $"DeflationPower must be from 1 to 8, got {DeflationPower}.");
        }

        if (!(DeflationShift >= 0 && DeflationShift <= 1e6))
        {
            throw new OptionsValidationException(nameof(DeflationShift), $"DeflationShift must be from 0 to 1e6, got {DeflationShift}.");
        }

        return this;
    }
}
