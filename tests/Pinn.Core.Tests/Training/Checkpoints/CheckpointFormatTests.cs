using System.Text;
using Pinn.Core.Loss;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Core.Training.Checkpoints;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Core.Tests.Training.Checkpoints;

/// <summary>
/// checkpoint.bin in every format the trainer accepts: the current one round-trips field for field, and a checkpoint
/// of formats 4, 3 and 2 (written here in their own layouts: format 4 no stop causes; 3 also no identity, seed or
/// checksum; 2 also no continuation stage) resumes to the same parameters, bit for bit, as the current format.
/// </summary>
public class CheckpointFormatTests
{
    private static TrainingProblem Problem()
    {
        var p = ProblemCatalog.Sin2(2, 3);
        return new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
    }

    private static RunOptions Options(long steps = 30) => new(
        new NetworkOptions(8, 2),
        new PointOptions(120, 24, 7, 60),
        new LossOptions(BoundaryWeight: 10),
        new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 5, ProgressBounceThreshold: 50, FixedBounceCount: 3),
        new TrainingOptions(Steps: steps, EvaluateEvery: 10, CheckpointEvery: 1000, Seed: 5, Threads: 1),
        new EnsembleOptions(2),
        new GaussNewtonOptions(Iterations: 4, InteriorPoints: 64, BoundaryPoints: 16));

    [Fact]
    public void TheCurrentFormatRoundTripsFieldForField()
    {
        using var scratch = new ScratchDirectory();
        string path = Path.Combine(scratch.Path, "checkpoint.bin");
        using var trainer = new Trainer<float>(Problem(), Options());
        trainer.Run(null, null, CancellationToken.None);
        trainer.Save(path);
        var c = CheckpointReader.Read(File.ReadAllBytes(path), path);
        Assert.Equal((5, trainer.Identity, 5UL, "f32", trainer.Shape.ParameterCount, trainer.Step), (c.Format, c.Identity, c.Seed, c.Precision, c.ParameterCount, c.Step));
        Assert.Equal(2, c.Members.Count);
        Assert.Equal(trainer.Parameters(1), c.Members[1].Parameters);
        Assert.Equal(trainer.Members[0].Bounces, c.Members[0].Bounces);
        Assert.Equal(StopCause.Completed, c.Members[1].Cause);
        Assert.True(c.Polish is { Started: true, Stage: 0 });
        Assert.Equal(File.ReadAllBytes(path), CheckpointWriter.Write(c));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    [InlineData(2)]
    public void AnOlderFormatResumesToTheSameParametersAsTheCurrentOne(int format)
    {
        using var scratch = new ScratchDirectory();
        string current = Path.Combine(scratch.Path, "current.bin"), older = Path.Combine(scratch.Path, $"format-{format}.bin");
        using (var first = new Trainer<float>(Problem(), Options()))
        using (var cancel = new CancellationTokenSource())
        {
            first.Run(new CancelAt(32, cancel), null, cancel.Token); // in the polishing phase: its state is in the file too
            Assert.True(first.Polishing);
            first.Save(current);
        }

        var saved = CheckpointReader.Read(File.ReadAllBytes(current), current);
        Assert.True(saved.Polish is { Started: true });
        File.WriteAllBytes(older, Legacy(saved, format));
        Assert.Equal(format, CheckpointReader.Read(File.ReadAllBytes(older), older).Format);
        double[][] Resume(string path)
        {
            using var t = new Trainer<float>(Problem(), Options());
            t.Load(path);
            Assert.Equal(saved.Step, t.Step);
            t.Run(null, null, CancellationToken.None);
            return [t.Parameters(0), t.Parameters(1)];
        }

        var expected = Resume(current);
        var actual = Resume(older);
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected[1], actual[1]);
    }

    [Fact]
    public void WhatIsNotACheckpointIsRefusedNamingWhy()
    {
        using var scratch = new ScratchDirectory();
        string path = Path.Combine(scratch.Path, "checkpoint.bin");
        using var trainer = new Trainer<float>(Problem(), Options());
        trainer.Save(path);
        var good = File.ReadAllBytes(path);
        Assert.EndsWith("it is damaged (its checksum does not match its content).", Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(good[..^40], path)).Message, StringComparison.Ordinal);
        Assert.EndsWith("it is truncated.", Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(Legacy(CheckpointReader.Read(good, path), 3)[..^40], path)).Message, StringComparison.Ordinal);
        Assert.EndsWith("wrong file type.", Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(Encoding.UTF8.GetBytes("\u0008NOTACKPT...."), path)).Message, StringComparison.Ordinal);
        var future = (byte[])good.Clone();
        future[9] = 6; // the format number, after the 9-byte magic string
        Assert.EndsWith("unsupported format version.", Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(future, path)).Message, StringComparison.Ordinal);
        Assert.Equal([2, 3, 4, 5], CheckpointReader.Formats);
    }

    /// <summary>A checkpoint in the layout of format 4 (no stop causes), 3 (nor identity, seed or checksum) or 2 (nor a stage).</summary>
    private static byte[] Legacy(TrainerCheckpoint c, int format)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            void Points(PointStreamCheckpoint p)
            {
                foreach (ulong word in p.RandomState)
                {
                    w.Write(word);
                }

                w.Write(p.Points.Length);
                foreach (double x in p.Points)
                {
                    w.Write(x);
                }
            }

            w.Write(CheckpointWriter.Magic);
            w.Write(format);
            if (format >= 4)
            {
                w.Write(c.Identity!);
                w.Write(c.Seed!.Value);
            }

            w.Write(c.Precision);
            w.Write(c.ParameterCount);
            w.Write(c.Members.Count);
            w.Write(c.Step);
            Points(c.Points);
            foreach (var m in c.Members)
            {
                w.Write(m.Active);
                w.Write(m.StopReason);
                w.Write(m.LastLoss);
                w.Write(m.BestLoss);
                w.Write(m.Bounces);
                w.Write(m.PolishNote);
                foreach (double x in m.Parameters)
                {
                    w.Write(x);
                }

                m.Optimizer.Write(w);
            }

            w.Write(c.Polish is not null);
            if (c.Polish is { } p)
            {
                w.Write(p.Started);
                if (format >= 3)
                {
                    w.Write(p.Stage);
                }

                Points(p.Points);
                foreach (OptimizerState s in p.Polishers)
                {
                    s.Write(w);
                }
            }
        }

        var bytes = stream.ToArray();
        return format >= 4 ? [.. bytes, .. System.Security.Cryptography.SHA256.HashData(bytes)] : bytes;
    }

    private sealed class CancelAt(long step, CancellationTokenSource source) : ITrainingObserver
    {
        public void OnStep(long s, long totalSteps, IReadOnlyList<MemberStatus> members)
        {
            if (s == step)
            {
                source.Cancel();
            }
        }

        public void OnMetrics(IReadOnlyList<MetricsRecord> records)
        {
        }

        public void OnBounce(long s, int member)
        {
        }
    }
}
