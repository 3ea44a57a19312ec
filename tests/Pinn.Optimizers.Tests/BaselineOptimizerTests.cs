using Pinn.Core.Configuration;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;

namespace Pinn.Optimizers.Tests;

public class BaselineOptimizerTests
{
    private static double[] Run(Core.Optimization.IOptimizerOptions options, double[] theta0, double[][] gradients)
    {
        var backend = new CpuBackend<double>(1);
        var opt = options.Create(backend, [new ParameterBlock("t", 0, theta0.Length)], new Xoshiro256(0));
        var theta = backend.Allocate(theta0.Length);
        var grad = backend.Allocate(theta0.Length);
        backend.Upload(theta0, theta.All);
        foreach (var g in gradients)
        {
            backend.Upload(g, grad.All);
            opt.Step(0, theta.All, grad.All);
        }

        var result = new double[theta0.Length];
        backend.Download(theta.All, result);
        return result;
    }

    [Fact]
    public void AdamFirstTwoStepsMatchHandComputation()
    {
        // Step 1: m = 0.1g, v = 0.001g²; m̂ = g, v̂ = g² ⇒ θ −= lr·g/(|g| + ε) ≈ lr·sign(g).
        // With weight decay 0.5 the gradient is g + 0.5θ.
        double[] theta0 = [1.0, -2.0];
        double[] g1 = [0.3, -4.0];
        double[] g2 = [0.1, 1.0];
        var o = new AdamOptions(LearningRate: 0.1, WeightDecay: 0.5);
        var after = Run(o, theta0, [g1, g2]);
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double t = theta0[i];
            double ge = g1[i] + (0.5 * t);
            double m = 0.1 * ge, v = 0.001 * ge * ge;
            t -= 0.1 * (m / 0.1) / (Math.Sqrt(v / 0.001) + 1e-8);
            double ge2 = g2[i] + (0.5 * t);
            m = (0.9 * m) + (0.1 * ge2);
            v = (0.999 * v) + (0.001 * ge2 * ge2);
            t -= 0.1 * (m / (1 - 0.81)) / (Math.Sqrt(v / (1 - (0.999 * 0.999))) + 1e-8);
            expected[i] = t;
        }

        NumericAssert.AllRelative(expected, after, 1e-14);
    }

    [Fact]
    public void GradientDescentMomentumMatchesPyTorchSgd()
    {
        // b₁ = g₁; θ₁ = θ₀ − lr·b₁; b₂ = μb₁ + (1 − τ)g₂; θ₂ = θ₁ − lr·b₂.
        double[] theta0 = [1.0, -2.0];
        double[] g1 = [0.3, -4.0];
        double[] g2 = [0.1, 1.0];
        var after = Run(new GradientDescentMomentumOptions(LearningRate: 0.1, Momentum: 0.9, Dampening: 0.2), theta0, [g1, g2]);
        for (int i = 0; i < 2; i++)
        {
            double b = g1[i];
            double t = theta0[i] - (0.1 * b);
            b = (0.9 * b) + (0.8 * g2[i]);
            t -= 0.1 * b;
            NumericAssert.Relative(t, after[i], 1e-15);
        }
    }

    [Fact]
    public void BadBaselineOptionsNameTheField()
    {
        Assert.Equal("LearningRate", Assert.Throws<OptionsValidationException>(() => new AdamOptions(LearningRate: 0).Validate()).Property);
        Assert.Equal("Beta2", Assert.Throws<OptionsValidationException>(() => new AdamOptions(Beta2: 1).Validate()).Property);
        Assert.Equal("Momentum", Assert.Throws<OptionsValidationException>(() => new GradientDescentMomentumOptions(0.1, Momentum: double.NaN).Validate()).Property);
        Assert.Equal("LearningRate", Assert.Throws<OptionsValidationException>(() => new GradientDescentMomentumOptions(-0.1).Validate()).Property);
    }
}
