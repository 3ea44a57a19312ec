using System.Security.Cryptography;
using System.Text;

namespace Pinn.Core.Training.Checkpoints;

/// <summary>
/// Writes checkpoint.bin in the current format (5): the magic "PINNCKPT", the format, the run's identity and seed,
/// precision, sizes, step, the training points' stream, every member (status, θ, optimizer state), the polishing
/// phase (started, stage, its point stream, every polisher's state) — then the SHA-256 of all of that, so a flipped
/// bit is refused, never resumed from.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>The magic string a checkpoint starts with.</summary>
    public const string Magic = "PINNCKPT";

    /// <summary>The format written.</summary>
    public const int Format = 5;

    /// <summary>Bytes of the SHA-256 trailer.</summary>
    public const int ChecksumBytes = 32;

    /// <summary>The file's bytes (content and checksum).</summary>
    /// <param name="checkpoint">What to write (its Identity and Seed must be set).</param>
    public static byte[] Write(TrainerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var content = new MemoryStream();
        using (var w = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Format);
            w.Write(checkpoint.Identity ?? throw new ArgumentException("a checkpoint is written with its run's identity.", nameof(checkpoint)));
            w.Write(checkpoint.Seed ?? throw new ArgumentException("a checkpoint is written with its run's seed.", nameof(checkpoint)));
            w.Write(checkpoint.Precision);
            w.Write(checkpoint.ParameterCount);
            w.Write(checkpoint.Members.Count);
            w.Write(checkpoint.Step);
            WritePoints(w, checkpoint.Points);
            foreach (var m in checkpoint.Members)
            {
                w.Write(m.Active);
                w.Write(m.StopReason);
                w.Write((int)m.Cause);
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

            w.Write(checkpoint.Polish is not null);
            if (checkpoint.Polish is { } polish)
            {
                w.Write(polish.Started);
                w.Write(polish.Stage);
                WritePoints(w, polish.Points);
                foreach (var polisher in polish.Polishers)
                {
                    polisher.Write(w);
                }
            }
        }

        var bytes = content.ToArray();
        return [.. bytes, .. SHA256.HashData(bytes)];
    }

    private static void WritePoints(BinaryWriter w, PointStreamCheckpoint stream)
    {
        foreach (ulong word in stream.RandomState)
        {
            w.Write(word);
        }

        w.Write(stream.Points.Length);
        foreach (double x in stream.Points)
        {
            w.Write(x);
        }
    }
}
