using System.Security.Cryptography;
using System.Text;
using Pinn.Core.Optimization;

namespace Pinn.Core.Training.Checkpoints;

/// <summary>
/// Reads checkpoint.bin in every format a trainer accepts: 5 (<see cref="CheckpointWriter"/>: identity, seed, each member's
/// <see cref="StopCause"/> and a SHA-256 trailer), 4 (no stop cause), 3 (no identity, seed or checksum) and 2 (as 3, and no continuation stage in the polishing phase).
/// It checks the file's structure — type, format, checksum, length; the trainer checks that it is this run's.
/// </summary>
public static class CheckpointReader
{
    /// <summary>The formats read.</summary>
    public static readonly IReadOnlyList<int> Formats = [2, 3, 4, CheckpointWriter.Format];

    /// <summary>Reads a checkpoint's bytes.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="path">The file, for messages.</param>
    /// <exception cref="InvalidDataException">Not a checkpoint, an unknown format, damaged or truncated; the message names the file.</exception>
    public static TrainerCheckpoint Read(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string Fail(string what) => throw new InvalidDataException($"{path} is not a usable checkpoint for this run: {what}.");
        using var stream = new MemoryStream(bytes);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (r.ReadString() != CheckpointWriter.Magic)
            {
                Fail("wrong file type");
            }

            int format = r.ReadInt32();
            if (!Formats.Contains(format))
            {
                Fail("unsupported format version");
            }

            string? identity = null;
            ulong? seed = null;
            if (format >= 4)
            {
                // Checksum first (over everything before the 32-byte trailer), then the run's identity.
                int n = CheckpointWriter.ChecksumBytes;
                if (bytes.Length < n || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - n)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - n)))
                {
                    Fail("it is damaged (its checksum does not match its content)");
                }

                identity = r.ReadString();
                seed = r.ReadUInt64();
            }

            string precision = r.ReadString();
            int parameters = r.ReadInt32();
            int count = r.ReadInt32();
            if (parameters < 0 || count < 0 || (long)parameters * count * sizeof(double) > bytes.Length)
            {
                Fail("it is damaged (its sizes do not fit the file)");
            }

            long step = r.ReadInt64();
            var points = ReadPoints(r);
            var members = new MemberCheckpoint[count];
            for (int m = 0; m < count; m++)
            {
                bool active = r.ReadBoolean();
                string reason = r.ReadString();
                var cause = format >= 5 ? (StopCause)r.ReadInt32() : active ? StopCause.None : reason == MemberStatus.CompletedText ? StopCause.Completed : StopCause.Other;
                double last = r.ReadDouble(), best = r.ReadDouble();
                long bounces = r.ReadInt64();
                if (!Enum.IsDefined(cause))
                {
                    Fail("it is damaged (an unknown stop cause)");
                }

                string note = r.ReadString();
                var theta = new double[parameters];
                for (int i = 0; i < theta.Length; i++)
                {
                    theta[i] = r.ReadDouble();
                }

                members[m] = new MemberCheckpoint(active, reason, last, best, bounces, note, theta, OptimizerState.Read(r), cause);
            }

            PolishCheckpoint? polish = null;
            if (r.ReadBoolean())
            {
                bool started = r.ReadBoolean();
                int stage = format >= 3 ? r.ReadInt32() : 0;
                var polishPoints = ReadPoints(r);
                var polishers = new OptimizerState[count];
                for (int m = 0; m < count; m++)
                {
                    polishers[m] = OptimizerState.Read(r);
                }

                polish = new PolishCheckpoint(started, stage, polishPoints, polishers);
            }

            return new TrainerCheckpoint(format, identity, seed, precision, parameters, step, points, members, polish);
        }
        catch (EndOfStreamException)
        {
            Fail("it is truncated");
            throw;
        }
    }

    private static PointStreamCheckpoint ReadPoints(BinaryReader r)
    {
        var words = new ulong[PointStreamCheckpoint.StateWords];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = r.ReadUInt64();
        }

        int length = r.ReadInt32();
        if (length < 0 || length > (r.BaseStream.Length - r.BaseStream.Position) / sizeof(double))
        {
            throw new EndOfStreamException();
        }

        var points = new double[length];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = r.ReadDouble();
        }

        return new PointStreamCheckpoint(words, points);
    }
}
