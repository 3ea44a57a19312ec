using Pinn.Core.Configuration;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;
using Pinn.Optimizers.Synthetic;

namespace Pinn.Optimizers.Tests;

public class BbiTests
{
    private static readonly double[] Ones10 = Enumerable.Repeat(1.0, 10).ToArray();

    [Fact]
    public void EnergyIsConservedOverTenThousandStepsOnZakharov()
    {
        // With the rescale on and no bounces, E recomputed from (V, Π) at every step — E = V·√(1 + |Π|²/V) with the
        // momentum the step actually uses — equals the initial E to 1e-12 relative.
        var options = new BbiOptions(TimeStep: 0.0026036721489343054, ExtraEnergy: 1.0).NoBounces();
        double e0 = double.NaN, worst = 0;
        var function = new Zakharov();
        double previous = function.Value(Ones10);
        int checkedSteps = 0;
        SyntheticRunner.Run<double>(function, Ones10, options, new Xoshiro256(1), 10_000, observe: (k, opt) =>
        {
            var bbi = (Bbi<double>)opt;
            e0 = bbi.Energy;
            double v = previous - bbi.EnergyShift;
            if (v < e0 && v > 1e-30)
            {
                double e = v * Math.Sqrt(1 + (bbi.RestoredMomentumNormSquared / v));
                worst = Math.Max(worst, Math.Abs(e - e0) / e0);
                checkedSteps++;
            }
        }, stop: (_, f) =>
        {
            previous = f;
            return false;
        });
        Assert.True(checkedSteps > 5000, $"only {checkedSteps} steps had V < E"); // later steps reach V < 1e-30 (converged)
        Assert.True(worst < 1e-12, $"largest relative energy error {worst:E2}");
    }

    [Fact]
    public void BouncesKeepTheMomentumNormAndDoNotMoveTheta()
    {
        var options = new BbiOptions(TimeStep: 0.01, ExtraEnergy: 2, EnergyShift: 1e-4, FixedBouncePeriod: 20, ProgressBounceThreshold: 100, FixedBounceCount: 4);
        double normBefore = double.NaN;
        long iterationsBefore = 0;
        double[] theta = [2.5, 1.5];
        bool bounced = false;
        int bounces = 0;
        SyntheticRunner.Run<double>(new Ackley(0.02), [2.5, 1.5], options, new Xoshiro256(3), 2000, observe: (k, opt) =>
        {
            var bbi = (Bbi<double>)opt;
            double now = bbi.MomentumNormSquared();
            if (bbi.Iterations == iterationsBefore)
            {
                NumericAssert.Relative(normBefore, now, 1e-12, what: $"|Π|² across the bounce at call {k}");
                bounced = true;
                bounces++;
            }

            normBefore = now;
            iterationsBefore = bbi.Iterations;
        }, stop: (x, _) =>
        {
            if (bounced)
            {
                Assert.Equal(theta, x); // a bounce does not move θ
                bounced = false;
            }

            theta = (double[])x.Clone();
            return false;
        });
        Assert.True(bounces >= 5, $"expected at least 5 bounces, saw {bounces}");
    }

    [Fact]
    public void FirstStepWithZeroExtraEnergyIsPlainGradientStep()
    {
        // δE = 0 ⇒ Π₀ = 0 and V = E, so Π₁ = −Δt∇F and θ₁ = θ₀ − Δt²∇F.
        var f = new Zakharov();
        var t = SyntheticRunner.Run<double>(f, Ones10, new BbiOptions(TimeStep: 0.01, LossScale: 0), new Xoshiro256(0), 1);
        var g = new double[10];
        f.Gradient(Ones10, g);
        for (int i = 0; i < 10; i++)
        {
            NumericAssert.Relative(1 - (1e-4 * g[i]), t.Final[i], 1e-14);
        }
    }

    [Fact]
    public void AFirstLossAboveTheLossScaleShortensTheTimeStepByTheSquareRootOfTheRatio()
    {
        // Zakharov at (1, …, 1) in 10 dimensions: F₀ = 10 + 27.5² + 27.5⁴ ≈ 5.7·10⁵ > 10⁴, so Δt' = Δt·√(10⁴/F₀) and the
        // first step (δE = 0) is θ₁ = θ₀ − Δt'²∇F.
        var f = new Zakharov();
        double f0 = f.Value(Ones10);
        NumericAssert.Relative(10 + (27.5 * 27.5) + Math.Pow(27.5, 4), f0, 1e-14);
        var options = new BbiOptions(TimeStep: 0.01, LossScale: 1e4);
        double dt = 0.01 * Math.Sqrt(1e4 / f0);
        NumericAssert.Relative(dt, options.EffectiveTimeStep(f0), 1e-15);
        Assert.Equal(0.01, options.EffectiveTimeStep(1e4)); // at or below the scale: Δt as given
        var t = SyntheticRunner.Run<double>(f, Ones10, options, new Xoshiro256(0), 1);
        var g = new double[10];
        f.Gradient(Ones10, g);
        for (int i = 0; i < 10; i++)
        {
            NumericAssert.Relative(1 - (dt * dt * g[i]), t.Final[i], 1e-13);
        }

        Assert.Equal("LossScale", Assert.Throws<OptionsValidationException>(() => new BbiOptions(LossScale: -1).Validate()).Property);
    }

    [Fact]
    public void ALossScaleOfZeroKeepsTheIdentityRunsHadBeforeTheField()
    {
        // The text builds without LossScale wrote into a run's identity (RunIdentity): checkpoints written then must
        // still resume, so LossScale 0 — Δt as given, what they ran — must give exactly that text.
        const string before = "BbiOptions { TimeStep = 0.003, ExtraEnergy = 0, EnergyShift = 0, FixedBouncePeriod = 200, ProgressBounceThreshold = 1000, "
            + "FixedBounceCount = 5, ConserveEnergy = True, Epsilon1 = 1E-10, Epsilon2 = 1E-40, Initialization = PerBlock, AdaptiveShift = False, Kind = bbi }";
        IOptimizerOptions unscaled = new BbiOptions(LossScale: 0);
        IOptimizerOptions scaled = new BbiOptions();
        Assert.Equal(before, unscaled.Identity);
        Assert.NotEqual(before, scaled.Identity);
        Assert.Contains("LossScale = 10000", scaled.Identity, StringComparison.Ordinal);
        Assert.Equal(new AdamOptions().ToString(), ((IOptimizerOptions)new AdamOptions()).Identity);
    }

    [Fact]
    public void GlobalAndPerBlockInitialisationDifferOnlyForSeveralBlocks()
    {
        var backend = new CpuBackend<double>(1);
        double[] grad = [3, 4, 0.1];
        foreach (var init in new[] { MomentumInitialization.PerBlock, MomentumInitialization.Global })
        {
            var theta = backend.Allocate(3);
            var g = backend.Allocate(3);
            backend.Upload(grad, g.All);
            var bbi = new Bbi<double>(backend, [new ParameterBlock("a", 0, 2), new ParameterBlock("b", 2, 1)], new BbiOptions(TimeStep: 1e-9, ExtraEnergy: 1, ConserveEnergy: false), new Xoshiro256(0));
            bbi.Step(1.0, theta.All, g.All);
            var pi = bbi.SaveState().Vectors["momentum"];
            double magnitude = Math.Sqrt((4.0 / 1) - 1); // E = 2, V0 = 1
            if (init == MomentumInitialization.PerBlock)
            {
                NumericAssert.Relative(-0.6 * magnitude, pi[0], 1e-6);
                NumericAssert.Relative(-magnitude, pi[2], 1e-6);
            }
        }

        var t = SyntheticRunner.Run<double>(new Zakharov(), Ones10, new BbiOptions(TimeStep: 1e-3, ExtraEnergy: 1, Initialization: MomentumInitialization.Global).NoBounces(), new Xoshiro256(0), 3);
        var u = SyntheticRunner.Run<double>(new Zakharov(), Ones10, new BbiOptions(TimeStep: 1e-3, ExtraEnergy: 1).NoBounces(), new Xoshiro256(0), 3);
        Assert.Equal(u.Values, t.Values); // one block: identical
    }

    [Fact]
    public void AdaptiveShiftLowersDeltaVAndSkips()
    {
        // ΔV = 1000 on Zakharov: without adaptation the run freezes near F ≈ 995; with it, ΔV is lowered and F goes on down.
        var fixedShift = SyntheticRunner.Run<double>(new Zakharov(), Ones10, new BbiOptions(TimeStep: 1e-3, EnergyShift: 1000).NoBounces(), new Xoshiro256(0), 3000);
        var adaptive = SyntheticRunner.Run<double>(new Zakharov(), Ones10, new BbiOptions(TimeStep: 1e-3, EnergyShift: 1000, AdaptiveShift: true).NoBounces(), new Xoshiro256(0), 3000);
        Assert.Contains(StepOutcome.Frozen, fixedShift.Outcomes);
        Assert.Contains(StepOutcome.ShiftLowered, adaptive.Outcomes);
        Assert.True(adaptive.Best < 0.5 * fixedShift.Best, $"adaptive best {adaptive.Best}, fixed best {fixedShift.Best}");
    }

    [Fact]
    public void CheckpointRestoreContinuesBitForBit()
    {
        var options = new BbiOptions(TimeStep: 0.01, ExtraEnergy: 2, EnergyShift: 1e-4, FixedBouncePeriod: 20, ProgressBounceThreshold: 100, FixedBounceCount: 4);
        var function = new Ackley(0.02);
        var full = SyntheticRunner.Run<double>(function, [2.5, 1.5], options, new Xoshiro256(11), 400);

        OptimizerState? saved = null;
        var first = SyntheticRunner.Run<double>(function, [2.5, 1.5], options, new Xoshiro256(11), 200, observe: (k, opt) =>
        {
            if (k == 200)
            {
                using var stream = new MemoryStream();
                using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    opt.SaveState().Write(writer);
                }

                stream.Position = 0;
                saved = OptimizerState.Read(new BinaryReader(stream));
            }
        });

        // Resume: a fresh optimizer restored from the saved state, continuing from θ₂₀₀.
        var backend = new CpuBackend<double>(1);
        var resumed = options.Create(backend, [new ParameterBlock("theta", 0, 2)], new Xoshiro256(999));
        resumed.RestoreState(saved!);
        var theta = backend.Allocate(2);
        var grad = backend.Allocate(2);
        var x = first.Final;
        backend.Upload(x, theta.All);
        var g = new double[2];
        var values = new List<double>();
        double fx = function.Value(x);
        for (int k = 201; k <= 400; k++)
        {
            function.Gradient(x, g);
            backend.Upload(g, grad.All);
            resumed.Step(fx, theta.All, grad.All);
            backend.Download(theta.All, x);
            fx = function.Value(x);
            values.Add(fx);
        }

        Assert.Equal(full.Values.Skip(201).ToArray(), values.ToArray());
    }

    [Theory]
    [InlineData(nameof(BbiOptions.TimeStep))]
    [InlineData(nameof(BbiOptions.ExtraEnergy))]
    [InlineData(nameof(BbiOptions.EnergyShift))]
    [InlineData(nameof(BbiOptions.FixedBouncePeriod))]
    [InlineData(nameof(BbiOptions.ProgressBounceThreshold))]
    [InlineData(nameof(BbiOptions.FixedBounceCount))]
    [InlineData(nameof(BbiOptions.Epsilon1))]
    [InlineData(nameof(BbiOptions.Epsilon2))]
    public void BadOptionIsRejectedByName(string field)
    {
        var good = new BbiOptions(TimeStep: 0.1);
        var bad = field switch
        {
            nameof(BbiOptions.TimeStep) => good with { TimeStep = double.NaN },
            nameof(BbiOptions.ExtraEnergy) => good with { ExtraEnergy = -1 },
            nameof(BbiOptions.EnergyShift) => good with { EnergyShift = double.PositiveInfinity },
            nameof(BbiOptions.FixedBouncePeriod) => good with { FixedBouncePeriod = 0 },
            nameof(BbiOptions.ProgressBounceThreshold) => good with { ProgressBounceThreshold = -5 },
            nameof(BbiOptions.FixedBounceCount) => good with { FixedBounceCount = -1 },
            nameof(BbiOptions.Epsilon1) => good with { Epsilon1 = double.NaN },
            _ => good with { Epsilon2 = -1 },
        };
        var e = Assert.Throws<OptionsValidationException>(() => bad.Validate());
        Assert.Equal(field, e.ParamName);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void NegativeTimeStepIsRejected()
    {
        Assert.Equal("TimeStep", Assert.Throws<OptionsValidationException>(() => new BbiOptions(TimeStep: -1).Validate()).Property);
    }
}
