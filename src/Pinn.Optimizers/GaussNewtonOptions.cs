using System.Globalization;
using System.Text;
using Pinn.Core.Configuration;
using Pinn.Core.Geometry;
using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>
/// Settings of the Gauss–Newton polishing phase (Levenberg–Marquardt, float64; see <see cref="GaussNewton"/>). On by
/// default in a run (the paper's preset has none); defaults: 400 iterations on the first-order phase's point counts, fresh
/// points every 5 iterations.
/// </summary>
/// <param name="Iterations">Iterations per member ≥ 1.</param>
/// <param name="InteriorPoints">Interior points of the phase (0: the first-order phase's count).</param>
/// <param name="BoundaryPoints">Boundary points of the phase (0: the first-order phase's count).</param>
/// <param name="ResampleEvery">Fresh points every this many iterations; 0 keeps one point set for the whole phase.</param>
/// <param name="WeightDecay">λ of the phase's penalty λ‖θ‖² (the phase's loss is built with it; <see cref="GaussNewton"/> applies the loss's λ exactly, not as extra rows).</param>
/// <param name="InitialDamping">μ₀ relative to the mean diagonal of J·Jᵀ at the first iteration (&gt; 0).</param>
/// <param name="MinimumDamping">The smallest μ, relative to the same scale (&gt; 0).</param>
/// <param name="MaximumDamping">A member stops when μ would exceed this, relative to the same scale: no step lowers the loss.</param>
/// <param name="Tolerance">A member stops when an accepted step lowers V by less than this fraction of V (≥ 0).</param>
/// <param name="Sampling">How the phase draws its points: <see cref="PointSampling.Halton"/> (evenly spread, fresh at every draw; measured 1.1 – 4× lower errors than independent points, see docs/performance.md) or <see cref="PointSampling.Random"/>.</param>
/// <param name="Space">Which normal matrix is factored: J·Jᵀ (samples, P × P) or JᵀJ (parameters, n × n); the step is the same, <see cref="GaussNewtonSpace.Auto"/> takes the smaller.</param>
public sealed record GaussNewtonOptions(
    long Iterations = 400,
    int InteriorPoints = 0,
    int BoundaryPoints = 0,
    long ResampleEvery = 5,
    double WeightDecay = 0,
    double InitialDamping = 1e-3,
    double MinimumDamping = 1e-12,
    double MaximumDamping = 1e8,
    double Tolerance = 1e-12,
    GaussNewtonSpace Space = GaussNewtonSpace.Auto,
    PointSampling Sampling = PointSampling.Halton) : IPolisherOptions
{
    /// <inheritdoc />
    public string Kind => KindName;

    /// <summary>The kind's name in configurations and checkpoints.</summary>
    public const string KindName = "gauss-newton";

    /// <summary>Throws naming the field when a value is out of range or not finite.</summary>
    public GaussNewtonOptions Validate()
    {
        Guard.AtLeast(Iterations, 1, nameof(Iterations));
        if (InteriorPoints is < 0 or > 100_000)
        {
            throw new OptionsValidationException(nameof(InteriorPoints), "InteriorPoints must be from 0 (the first-order phase's count) to 1e5: the phase factors a matrix of order interior + boundary points.");
        }

        if (BoundaryPoints is < 0 or > 100_000)
        {
            throw new OptionsValidationException(nameof(BoundaryPoints), "BoundaryPoints must be from 0 (the first-order phase's count) to 1e5.");
        }

        Guard.AtLeast(ResampleEvery, 0, nameof(ResampleEvery), "0 keeps the points fixed");
        Guard.NonNegative(WeightDecay, nameof(WeightDecay), "WeightDecay (λ)");
        Guard.Positive(InitialDamping, nameof(InitialDamping));
        Guard.Positive(MinimumDamping, nameof(MinimumDamping));
        Guard.Positive(MaximumDamping, nameof(MaximumDamping));
        if (!(MinimumDamping <= InitialDamping && InitialDamping <= MaximumDamping))
        {
            throw new OptionsValidationException(nameof(InitialDamping), "InitialDamping must lie between MinimumDamping and MaximumDamping.");
        }

        Guard.NonNegative(Tolerance, nameof(Tolerance));
        if (!Enum.IsDefined(Space))
        {
            throw new OptionsValidationException(nameof(Space), "Space must be auto, samples or parameters.");
        }

        if (!Enum.IsDefined(Sampling))
        {
            throw new OptionsValidationException(nameof(Sampling), "Sampling must be halton or random.");
        }

        return this;
    }

    /// <inheritdoc />
    public IPolisherOptions WithInitialDamping(double initialDamping) => (this with
    {
        InitialDamping = initialDamping,
        MinimumDamping = Math.Min(MinimumDamping, initialDamping),
        MaximumDamping = Math.Max(MaximumDamping, initialDamping),
    }).Validate();

    /// <inheritdoc />
    public IPolisher Create(ILeastSquaresSystem system, IDeflation? deflation = null) => new GaussNewton(system, Validate(), deflation);

    /// <summary>
    /// The record's text (part of <see cref="Pinn.Core.Training.Checkpoints.RunIdentity"/>): <see cref="Space"/> appears only
    /// when it is not <see cref="GaussNewtonSpace.Auto"/>, <see cref="Sampling"/> only when it is not
    /// <see cref="PointSampling.Random"/>, so that runs made before the settings existed (which read as auto and random) keep their identity.
    /// </summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.CurrentCulture, $"Iterations = {Iterations}, InteriorPoints = {InteriorPoints}, BoundaryPoints = {BoundaryPoints}, ResampleEvery = {ResampleEvery}, WeightDecay = {WeightDecay}, ");
        builder.Append(CultureInfo.CurrentCulture, $"InitialDamping = {InitialDamping}, MinimumDamping = {MinimumDamping}, MaximumDamping = {MaximumDamping}, Tolerance = {Tolerance}, ");
        if (Space != GaussNewtonSpace.Auto)
        {
            builder.Append(CultureInfo.CurrentCulture, $"Space = {Space}, ");
        }

        if (Sampling != PointSampling.Random)
        {
            builder.Append(CultureInfo.CurrentCulture, $"Sampling = {Sampling}, ");
        }

        builder.Append("Kind = ").Append(Kind);
        return true;
    }
}
