using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Configuration;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Optimizers;

/// <summary>
/// Settings of BBI (Bouncing Born–Infeld; De Luca &amp; Silverstein, ICML 2022, Algorithm 1). Defaults: Pinn's
/// (Δt = 3·10⁻³, T₀ = 200, N_b = 5, T₁ = 1000, for the default network and loss); <see cref="PaperPde"/> is the paper's
/// PDE experiment, <see cref="ReferenceCode"/> the authors' code's own defaults. Bounces are disabled with
/// <see cref="NoBounces"/> (huge T₀ and T₁).
/// </summary>
/// <param name="TimeStep">Δt &gt; 0.</param>
/// <param name="ExtraEnergy">δE ≥ 0: E = V₀ + δE.</param>
/// <param name="EnergyShift">ΔV (the reference's v0): V = F − ΔV.</param>
/// <param name="FixedBouncePeriod">T₀ ≥ 1: a fixed bounce after every T₀ normal steps (until N_b of them).</param>
/// <param name="ProgressBounceThreshold">T₁ ≥ 1: a bounce after T₁ consecutive steps without a new minimum of V.</param>
/// <param name="FixedBounceCount">N_b ≥ 0 fixed bounces in total (0 and 1 both give one, as in the reference).</param>
/// <param name="ConserveEnergy">Restore |Π|² = E²/V − V before every step.</param>
/// <param name="Epsilon1">ε₁: the rescale is skipped when |Π|² is within ε₁ of its target.</param>
/// <param name="Epsilon2">ε₂: a call with V ≤ ε₂ is a complete no-op.</param>
/// <param name="Initialization">Per-tensor (reference) or global (paper) normalisation of Π₀.</param>
/// <param name="AdaptiveShift">The paper's §3.3 option: when V drops below 0, lower ΔV (by 5|V|, as the authors' code) and skip the step.</param>
/// <param name="LossScale">
/// The largest first loss V₀ for which Δt is used as given (0: always as given). BBI's step moves θ by about Δt·√V
/// (|Π|² = E²/V − V, θ += Δt·(V/E)·Π), so a problem whose data make V₀ a hundred times larger takes ten times longer
/// steps; above this scale the run steps with Δt·√(LossScale/V₀), which keeps its steps as long as a run starting at
/// V₀ = LossScale (see <see cref="EffectiveTimeStep"/>). The default, 10⁴, leaves every shipped problem's Δt unchanged
/// (the main job starts at V₀ ≈ 8·10³) and keeps a problem with u ≈ 100 from overflowing in its first steps.
/// </param>
public sealed record BbiOptions(
    double TimeStep = 3e-3,
    double ExtraEnergy = 0,
    double EnergyShift = 0,
    long FixedBouncePeriod = 200,
    long ProgressBounceThreshold = 1000,
    long FixedBounceCount = 5,
    bool ConserveEnergy = true,
    double Epsilon1 = 1e-10,
    double Epsilon2 = 1e-40,
    MomentumInitialization Initialization = MomentumInitialization.PerBlock,
    bool AdaptiveShift = false,
    double LossScale = 1e4) : IOptimizerOptions
{
    /// <summary>
    /// The paper's PDE experiment (Appendix B): Δt = 8·10⁻⁶, T₀ = 200, N_b = 10, T₁ = 2000, δE = ΔV = 0 (the
    /// <c>paper</c> preset's optimizer).
    /// </summary>
    public static BbiOptions PaperPde { get; } = new(TimeStep: 8e-6, FixedBouncePeriod: 200, ProgressBounceThreshold: 2000, FixedBounceCount: 10, LossScale: 0);

    /// <summary>
    /// The authors' code's defaults (T₀ = 1000, T₁ = 3000, N_b = 1) with Δt = 0.01: what <c>pinn synthetic trace</c>
    /// starts from, for the synthetic functions of the paper's §4.
    /// </summary>
    public static BbiOptions ReferenceCode { get; } = new(TimeStep: 0.01, FixedBouncePeriod: 1000, ProgressBounceThreshold: 3000, FixedBounceCount: 1, LossScale: 0);

    /// <summary>A period so long that the counter never reaches it: bounces off.</summary>
    public const long Never = long.MaxValue;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <summary>The kind's name in configurations and checkpoints.</summary>
    public const string KindName = "bbi";

    /// <summary>The time step a run whose first loss (less ΔV) is <paramref name="initialV"/> takes: Δt, or Δt·√(LossScale/V₀) when V₀ exceeds <see cref="LossScale"/> &gt; 0.</summary>
    /// <param name="initialV">V₀ = F(θ₀) − ΔV.</param>
    public double EffectiveTimeStep(double initialV) =>
        LossScale > 0 && initialV > LossScale ? TimeStep * Math.Sqrt(LossScale / initialV) : TimeStep;

    /// <inheritdoc />
    /// <remarks>
    /// LossScale 0 (Δt as given, as every run before the field) is left out, so those runs keep their identity. An
    /// explicit implementation, so that the record's own text (which it is made from) does not print it.
    /// </remarks>
    string IOptimizerOptions.Identity => LossScale == 0 ? ToString().Replace(" LossScale = 0,", string.Empty, StringComparison.Ordinal) : ToString();

    /// <summary>These options with both bounce mechanisms disabled.</summary>
    public BbiOptions NoBounces() => this with { FixedBouncePeriod = Never, ProgressBounceThreshold = Never };

    /// <summary>Throws naming the field when a setting is invalid (NaN fails every check).</summary>
    public BbiOptions Validate()
    {
        Guard.Positive(TimeStep, nameof(TimeStep), "TimeStep (Δt)");
        Guard.NonNegative(ExtraEnergy, nameof(ExtraEnergy), "ExtraEnergy (δE)");
        if (!double.IsFinite(EnergyShift))
        {
            throw new OptionsValidationException(nameof(EnergyShift), "EnergyShift (ΔV) must be a finite number.");
        }

        Guard.AtLeast(FixedBouncePeriod, 1, nameof(FixedBouncePeriod), "T0 = 0 would bounce forever; disable bounces with NoBounces() instead.");
        Guard.AtLeast(ProgressBounceThreshold, 1, nameof(ProgressBounceThreshold), "this is T1.");
        Guard.AtLeast(FixedBounceCount, 0, nameof(FixedBounceCount), "this is Nb.");
        Guard.NonNegative(LossScale, nameof(LossScale), "LossScale (0 keeps Δt as given)");
        Guard.NonNegative(Epsilon1, nameof(Epsilon1));
        Guard.NonNegative(Epsilon2, nameof(Epsilon2));
        if (!Enum.IsDefined(Initialization))
        {
            throw new OptionsValidationException(nameof(Initialization), "Initialization must be PerBlock or Global.");
        }

        return this;
    }

    /// <inheritdoc />
    public IOptimizer<T> Create<T>(IComputeBackend<T> backend, IReadOnlyList<ParameterBlock> blocks, IRandomSource random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => new Bbi<T>(backend, blocks, this, random);
}
