using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Optimizers;

/// <summary>
/// Bouncing Born–Infeld: frictionless, energy-conserving dynamics with random bounces, exactly as the authors'
/// reference implementation behaves (bbi-reference-notes.md §2):
/// Πₜ = αΠₜ₋₁ − ½Δt(V/E + E/V)∇F, θₜ = θₜ₋₁ + Δt(V/E)Πₜ with V = F(θₜ₋₁) − ΔV and E = V₀ + δE fixed;
/// α restores |Π|² = E²/V − V (skipped within ε₁ or when the target is negative); a call with V ≤ ε₂ is a
/// complete no-op; a bounce redraws Π uniformly in [−½, ½)^n, rescaled to |Π| from before the rescale, and does
/// not move θ; the T₀/T₁/N_b counters follow the reference (N_b ≤ 1 means one fixed bounce, every bounce resets the
/// T₁ counter). V, E, their ratios and α are doubles whatever the parameter precision.
/// Δt is <see cref="BbiOptions.EffectiveTimeStep"/> of the first V (Δt itself unless V₀ exceeds <see cref="BbiOptions.LossScale"/>;
/// the reference has no such scale: <see cref="BbiOptions.ReferenceCode"/> and <see cref="BbiOptions.PaperPde"/> turn it off).
/// Deviations, all NaN guards: a zero gradient block gives a zero initial momentum block (the reference gives
/// NaN), and |Π|² = 0 with a positive target leaves α = 1 (the reference would divide by zero).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Bbi<T> : IOptimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly IReadOnlyList<ParameterBlock> blocks;
    private readonly DeviceBuffer<T> momentum;
    private IRandomSource random;
    private bool momentumInitialized;
    private long iteration;
    private long fixedCounter;
    private long progressCounter;
    private long fixedBounces;
    private double energy;
    private double initialV;
    private double minimumV;
    private double shift;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="backend">Where θ lives.</param>
    /// <param name="blocks">The tensors of θ, contiguous from 0.</param>
    /// <param name="options">The settings.</param>
    /// <param name="random">Source of the bounce directions (inject recorded draws to replay a run).</param>
    public Bbi(IComputeBackend<T> backend, IReadOnlyList<ParameterBlock> blocks, BbiOptions options, IRandomSource random)
    {
        this.backend = backend;
        this.blocks = blocks;
        Options = options.Validate();
        this.random = random;
        int length = blocks.Count == 0 ? 0 : blocks[^1].Offset + blocks[^1].Length;
        momentum = backend.Allocate(length);
    }

    /// <summary>The settings.</summary>
    public BbiOptions Options { get; }

    /// <inheritdoc />
    public string Kind => BbiOptions.KindName;

    /// <summary>The fixed energy E (after the first call).</summary>
    public double Energy => energy;

    /// <summary>The current effective shift ΔV (changes only with <see cref="BbiOptions.AdaptiveShift"/>).</summary>
    public double EnergyShift => Options.EnergyShift + shift;

    /// <summary>Normal steps taken.</summary>
    public long Iterations => iteration;

    /// <summary>The momentum Π.</summary>
    public BufferView<T> Momentum => momentum.All;

    /// <summary>|Π|² after the energy rescale of the last normal step, before its gradient kick (energy diagnostics).</summary>
    public double RestoredMomentumNormSquared { get; private set; }

    /// <summary>|Π|², accumulated in double.</summary>
    public double MomentumNormSquared() => backend.Dot(momentum.All, momentum.All);

    /// <inheritdoc />
    public StepOutcome Step(double loss, BufferView<T> theta, BufferView<T> gradient)
    {
        var o = Options;
        if (iteration == 0)
        {
            // As the reference: re-initialised on every call until the first normal step.
            initialV = loss - EnergyShift;
            energy = initialV + o.ExtraEnergy;
            fixedCounter = 0;
            progressCounter = 0;
            fixedBounces = 0;
            minimumV = double.PositiveInfinity;
        }

        double v = loss - EnergyShift;
        if (o.AdaptiveShift && !(v > 0))
        {
            shift += 5 * v;
            return StepOutcome.ShiftLowered;
        }

        if (!(v > o.Epsilon2))
        {
            return iteration == 0 ? StepOutcome.CannotStart : StepOutcome.Frozen;
        }

        double eOverV = energy / v, vOverE = v / energy;
        if (!momentumInitialized)
        {
            InitializeMomentum(gradient);
            momentumInitialized = true;
        }

        double ps2 = MomentumNormSquared();
        double alpha = 1;
        if (o.ConserveEnergy)
        {
            double target = v * ((eOverV * eOverV) - 1);
            if (!(Math.Abs(ps2 - target) < o.Epsilon1) && !(target < 0) && ps2 > 0)
            {
                alpha = Math.Sqrt(target / ps2);
            }
        }

        if (progressCounter != o.ProgressBounceThreshold && fixedCounter != o.FixedBouncePeriod)
        {
            if (o.ConserveEnergy && alpha != 1)
            {
                backend.Scale(alpha, momentum.All);
            }

            RestoredMomentumNormSquared = alpha * alpha * ps2;

            double dt = o.EffectiveTimeStep(initialV);
            backend.Axpy(-0.5 * dt * (vOverE + eOverV), gradient, momentum.All);
            backend.Axpy(dt * vOverE, momentum.All, theta);
            fixedCounter++;
            progressCounter++;
            iteration++;
            if (v < minimumV)
            {
                minimumV = v;
                progressCounter = 0;
            }

            return StepOutcome.Moved;
        }

        // Bounce: a new direction uniform in the hypercube, with |Π| from before the rescale; θ stays.
        backend.FillUniform(momentum.All, random);
        backend.Shift(momentum.All, -0.5);
        double drawn = MomentumNormSquared();
        if (drawn > 0)
        {
            backend.Scale(Math.Sqrt(ps2 / drawn), momentum.All);
        }

        if (fixedCounter == o.FixedBouncePeriod)
        {
            fixedBounces++;
            fixedCounter = fixedBounces < o.FixedBounceCount ? 0 : fixedCounter + 1;
        }

        progressCounter = 0;
        return StepOutcome.Bounced;
    }

    private void InitializeMomentum(BufferView<T> gradient)
    {
        double magnitude = Math.Sqrt(Math.Max(0, ((energy * energy) / initialV) - initialV));
        backend.Copy(gradient, momentum.All);
        if (magnitude == 0)
        {
            backend.Fill(momentum.All, 0);
            return;
        }

        if (Options.Initialization == MomentumInitialization.Global)
        {
            double norm = Math.Sqrt(backend.Dot(gradient, gradient));
            backend.Scale(norm > 0 ? -magnitude / norm : 0, momentum.All);
            return;
        }

        foreach (var block in blocks)
        {
            var g = gradient.Slice(block.Offset, block.Length);
            double norm = Math.Sqrt(backend.Dot(g, g));
            backend.Scale(norm > 0 ? -magnitude / norm : 0, momentum.Slice(block.Offset, block.Length));
        }
    }

    /// <inheritdoc />
    public OptimizerState SaveState()
    {
        var pi = new double[momentum.Length];
        backend.Download(momentum.All, pi);
        return new BbiState(energy, initialV, minimumV, shift, iteration, fixedCounter, progressCounter, fixedBounces, momentumInitialized, pi, (random as Xoshiro256)?.SaveState()).ToState();
    }

    /// <inheritdoc />
    public void RestoreState(OptimizerState state)
    {
        var s = BbiState.From(state);
        (energy, initialV, minimumV, shift) = (s.Energy, s.InitialV, s.MinimumV, s.Shift);
        (iteration, fixedCounter, progressCounter, fixedBounces, momentumInitialized) = (s.Iteration, s.FixedCounter, s.ProgressCounter, s.FixedBounces, s.MomentumInitialized);
        backend.Upload(s.Momentum, momentum.All);
        if (s.Random is { } words)
        {
            random = Xoshiro256.Restore(words);
        }
    }
}
