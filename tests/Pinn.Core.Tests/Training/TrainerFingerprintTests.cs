using System.Security.Cryptography;
using System.Runtime.Intrinsics;
using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training;

/// <summary>
/// A short run's final parameters, pinned bit for bit: four BBI members with bounces on two lanes, then three
/// Gauss–Newton iterations. A refactor of the trainer must leave these hashes unchanged; a deliberate change of the
/// numerics updates them (and says so in its commit). One hash per runtime kernel path: with AVX-512 and without it
/// (DOTNET_EnableAVX512=0, as on the AVX2-only machines), since the vector widths change the rounding.
/// </summary>
public class TrainerFingerprintTests
{
    private static readonly Dictionary<string, string> Pinned = new(StringComparer.Ordinal)
    {
        ["avx512"] = "8bfda7f204c27e852d1f9f04988268f5b1d590c49bfce454a20954b0707f7f2e",
        ["avx2"] = "998f13411f1ccd8956355162bb1a0f34c4c99468439b5ac8c8d6082e16c63587",
    };

    [Fact]
    public void AShortRunEndsAtThePinnedParameters()
    {
        var p = ProblemCatalog.Sin2(2, 3);
        var problem = new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
        var options = new RunOptions(
            new NetworkOptions(12, 2),
            new PointOptions(200, 40, 7, 100),
            new LossOptions(BoundaryWeight: 10, WeightDecay: 2e-4),
            new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 5, ProgressBounceThreshold: 50, FixedBounceCount: 3),
            new TrainingOptions(Steps: 40, EvaluateEvery: 10, CheckpointEvery: 1000, Seed: 5, Threads: 2),
            new EnsembleOptions(4),
            new GaussNewtonOptions(Iterations: 3, InteriorPoints: 96, BoundaryPoints: 24, ResampleEvery: 0));
        using var trainer = new Trainer<float>(problem, options);
        trainer.Run(null, null, CancellationToken.None);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int m = 0; m < 4; m++)
        {
            Assert.Equal(MemberState.Completed, trainer.Members[m].State);
            foreach (double v in trainer.Parameters(m))
            {
                hash.AppendData(BitConverter.GetBytes(v));
            }
        }

        string path = Vector512.IsHardwareAccelerated ? "avx512" : "avx2";
        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        Assert.True(Pinned[path] == actual, $"the run's final θ ({path} runtime) hashes to {actual}, pinned {Pinned[path]}");
    }
}
