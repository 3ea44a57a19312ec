using Pinn.Core.Configuration;
using Pinn.Core.Loss;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training;

/// <summary>The memory a run needs at least, checked before it allocates: what cannot fit is refused in one line.</summary>
public class RunMemoryTests
{
    private static RunOptions Options(int width, int depth, int interior, int members = 1, IPolisherOptions? polish = null) => new(
        new NetworkOptions(width, depth),
        new PointOptions(interior, 1_000, 0, 2_000),
        new LossOptions(),
        new AdamOptions(),
        new TrainingOptions(Steps: 10),
        new EnsembleOptions(members),
        polish);

    [Fact]
    public void TheEstimateCountsParametersActivationsAndTheGaussNewtonSystemByHand()
    {
        // Width 10, depth 2, d = 2: P = 10·2 + 10 + 2·(100 + 10) + 10 + 1 = 261; 3 members × 4 vectors × 4 bytes.
        // Rows: 100 interior × (2 + 2) + 1 000 boundary + 2 000 validation = 3 400; (2·2 + 4) × 3 400 × 10 × 4 bytes.
        // Polish on 50 + 1 000 rows: 8 × (1 050 × 261 + 261²).
        var options = Options(10, 2, 100, 3, new GaussNewtonOptions(Iterations: 5, InteriorPoints: 50));
        var (bytes, breakdown) = RunMemory.Estimate(options, 2);
        double expected = (3 * 4 * 261 * 4.0) + (8 * 3_400 * 10 * 4.0) + (8 * ((1_050.0 * 261) + (261.0 * 261)));
        NumericAssert.Relative(expected, bytes, 1e-15, what: "bytes");
        Assert.Contains("3 member(s) × 261 parameters", breakdown, StringComparison.Ordinal);
        Assert.Contains("Gauss–Newton", breakdown, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatCannotFitIsRefusedBeforeAnythingIsAllocated()
    {
        var huge = Options(4096, 64, 10_000_000);
        var e = Assert.Throws<OptionsValidationException>(() => RunMemory.Check(huge, 2));
        Assert.StartsWith("this run needs at least ", e.Reason, StringComparison.Ordinal);
        Assert.EndsWith("use fewer points, a smaller network (width, depth) or fewer members.", e.Reason, StringComparison.Ordinal);
        var p = ProblemCatalog.Sin2(2, 3);
        var problem = new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Throws<OptionsValidationException>(() => new Trainer<float>(problem, huge));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < (64L << 20), "the trainer allocated before refusing");

        // The paper's full configuration (18 members) fits easily; a small run fits in 100 MB.
        RunMemory.Check(Options(200, 3, 10_000, 18), 2, availableBytes: 1L << 30);
        RunMemory.Check(Options(32, 2, 1_024, 4), 2, availableBytes: 100e6);
        Assert.Throws<OptionsValidationException>(() => RunMemory.Check(Options(32, 2, 1_024, 4), 2, availableBytes: 1e6));
    }
}
