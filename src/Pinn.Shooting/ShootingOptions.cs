using Pinn.Core.Configuration;
using Pinn.Shooting.Disk;

namespace Pinn.Shooting;

/// <summary>Settings of the radial shooting scan.</summary>
/// <param name="Minimum">Smallest shooting value s = u(0) scanned.</param>
/// <param name="Maximum">Largest s scanned.</param>
/// <param name="ScanPoints">Uniform scan points (≥ 3); on ranges where they are coarser than 0.25 as many again, uniform in asinh(u(0)), are added (see <see cref="RadialShooting"/>); brackets are refined further where |F| is small or changes fast and along blow-up boundaries.</param>
/// <param name="RefinementDepth">How many times an interval with a suspicious |F| minimum is subdivided.</param>
/// <param name="Tolerance">Relative and absolute integration tolerance (down to 1e-13).</param>
/// <param name="BlowUpBound">|u| beyond this counts as a blow-up (F = ±∞).</param>
/// <param name="StartRadius">Where the series start hands over to the integrator.</param>
/// <param name="GrowRange">
/// Choose the range from the problem: start from [Minimum, Maximum] and double it about its middle until two doublings
/// in a row find no new root (<see cref="GrowingScan"/>). A run file sets it when its shooting section
/// gives neither minimum nor maximum; <see cref="Automatic"/> is the C# equivalent.
/// </param>
/// <param name="Disk">
/// The disk solver's settings (d = 2): it builds the catalog where shooting cannot (f, g or N depending on direction)
/// and, unless <see cref="DiskSolverOptions.NonRadialSearch"/> is off, adds the non-radial solutions of a radial
/// problem. Null: <see cref="DiskSolverOptions"/>'s defaults.
/// </param>
public sealed record ShootingOptions(
    double Minimum = -50,
    double Maximum = 50,
    int ScanPoints = 401,
    int RefinementDepth = 6,
    double Tolerance = 1e-11,
    double BlowUpBound = 1e8,
    double StartRadius = 1e-6,
    bool GrowRange = false,
    DiskSolverOptions? Disk = null)
{
    /// <summary>The disk solver's settings (never null once constructed: a null argument gives the defaults).</summary>
    public DiskSolverOptions? Disk { get; init; } = Disk ?? new DiskSolverOptions();

    /// <summary>The disk solver's settings: <see cref="Disk"/>, or the defaults.</summary>
    public DiskSolverOptions DiskOptions => Disk ?? new DiskSolverOptions();

    /// <summary>The default range [−50, 50], grown until two doublings find no new root: what a run without a shooting range uses.</summary>
    public static ShootingOptions Automatic { get; } = new(GrowRange: true);

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public ShootingOptions Validate()
    {
        if (!double.IsFinite(Minimum) || !double.IsFinite(Maximum) || !(Minimum < Maximum))
        {
            throw new OptionsValidationException(nameof(Minimum), $"Minimum must be a finite number below Maximum ({Maximum}).");
        }

        if (ScanPoints < 3 || ScanPoints > 1_000_000)
        {
            throw new OptionsValidationException(nameof(ScanPoints), "ScanPoints must be from 3 to 1e6.");
        }

        if (RefinementDepth is < 0 or > 30)
        {
            throw new OptionsValidationException(nameof(RefinementDepth), "RefinementDepth must be from 0 to 30.");
        }

        if (!(Tolerance >= 1e-13 && Tolerance <= 1e-3))
        {
            throw new OptionsValidationException(nameof(Tolerance), "Tolerance must be from 1e-13 to 1e-3.");
        }

        if (!(BlowUpBound > 1) || !double.IsFinite(BlowUpBound))
        {
            throw new OptionsValidationException(nameof(BlowUpBound), "BlowUpBound must be a finite number > 1.");
        }

        if (!(StartRadius > 0 && StartRadius < 1e-2))
        {
            throw new OptionsValidationException(nameof(StartRadius), "StartRadius must be in (0, 0.01).");
        }

        Disk?.Validate();
        return this;
    }
}
