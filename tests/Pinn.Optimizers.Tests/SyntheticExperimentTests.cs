using Pinn.Optimizers.Synthetic;

namespace Pinn.Optimizers.Tests;

public class SyntheticExperimentTests
{
    [Fact]
    public void AnalyticGradientsMatchFiniteDifferences()
    {
        var random = new Random(8);
        foreach (var f in new SyntheticFunction[] { new Zakharov(), new Ackley(0.2), new Ackley(0.02), new TwoBasin() })
        {
            int n = f is TwoBasin ? 2 : 5;
            for (int t = 0; t < 20; t++)
            {
                var x = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 6) - 3).ToArray();
                var g = new double[n];
                f.Gradient(x, g);
                for (int i = 0; i < n; i++)
                {
                    double h = 1e-6;
                    var xp = (double[])x.Clone();
                    var xm = (double[])x.Clone();
                    xp[i] += h;
                    xm[i] -= h;
                    NumericAssert.Relative((f.Value(xp) - f.Value(xm)) / (2 * h), g[i], 1e-6, floor: 1, what: $"{f.Name} dF/dx{i}");
                }
            }
        }

        NumericAssert.Relative(572680.3125, new Zakharov().Value(Enumerable.Repeat(-1.0, 10).ToArray()), 1e-15);
    }

    [Fact]
    public void TwoBasinMixingLandsNearThePrediction()
    {
        // Hessian eigenvalues 0.864 and 1.664 give the prediction 1.9259 (reference notes §5).
        NumericAssert.Relative(1.9259, SyntheticExperiments.MixingPrediction, 1e-3);
        var result = SyntheticExperiments.RunTwoBasin(runs: 200, maxSteps: 25_000, seed: 2026);
        Assert.True(result.Unfinished <= 20, $"{result.Unfinished} runs reached no basin");
        // Wide band: 200 runs give a binomial standard error of about 0.25 on the ratio; the reference measured 1.72.
        NumericAssert.InRange(result.Ratio, 1.0, 3.5, "n1/n2");
    }

    [Fact]
    public void BbiSolvesAckleyFarMoreOftenThanGdm()
    {
        var bbi = SyntheticExperiments.RunAckley(new Ackley(0.02), "bbi", SyntheticExperiments.AckleyBbi, starts: 10, steps: 30_000, tries: 5, seed: 7);
        var gdm = SyntheticExperiments.RunAckley(new Ackley(0.02), "gdm", SyntheticExperiments.AckleyGdm, starts: 10, steps: 30_000, tries: 5, seed: 7);
        Assert.True(bbi.Successes >= gdm.Successes + 4, $"BBI {bbi.Successes}/10, GDM {gdm.Successes}/10");
    }

    [Fact]
    public void BbiReachesFarLowerZakharovThanGdm()
    {
        var bbi = SyntheticExperiments.RunZakharov(SyntheticExperiments.ZakharovBbi, 10, 10_000);
        var gdm = SyntheticExperiments.RunZakharov(SyntheticExperiments.ZakharovGdm, 10, 10_000);
        Assert.True(bbi.Best < 1e-6 * gdm.Best, $"BBI {bbi.Best:E2}, GDM {gdm.Best:E2}");
    }
}
