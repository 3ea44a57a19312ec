namespace Pinn.Core.Optimization;

/// <summary>
/// The complete state of an optimizer, for checkpoints: named scalars, counters, vectors (stored as doubles, which
/// hold float and double values exactly) and random-generator words. Restoring it continues a run bit for bit.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>The optimizer's kind, e.g. <c>bbi</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Double-valued state (E, V₀, min V …).</summary>
    public Dictionary<string, double> Scalars { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Integer state (counters).</summary>
    public Dictionary<string, long> Counters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Vector state (momenta).</summary>
    public Dictionary<string, double[]> Vectors { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Random generator state, when the optimizer owns one.</summary>
    public ulong[]? Random { get; init; }

    /// <summary>Refuses a state of another optimizer.</summary>
    /// <param name="kind">The kind expected.</param>
    /// <exception cref="InvalidDataException">The state is another optimizer's.</exception>
    public void ExpectKind(string kind)
    {
        if (Kind != kind)
        {
            throw new InvalidDataException($"The checkpoint holds a '{Kind}' optimizer state, not '{kind}'.");
        }
    }

    /// <summary>A scalar the state must hold.</summary>
    /// <param name="key">Its name.</param>
    /// <exception cref="InvalidDataException">It is missing.</exception>
    public double Scalar(string key) => Scalars.TryGetValue(key, out double v) ? v : throw Missing(key);

    /// <summary>A counter the state must hold.</summary>
    /// <param name="key">Its name.</param>
    /// <exception cref="InvalidDataException">It is missing.</exception>
    public long Counter(string key) => Counters.TryGetValue(key, out long v) ? v : throw Missing(key);

    /// <summary>A vector the state must hold.</summary>
    /// <param name="key">Its name.</param>
    /// <exception cref="InvalidDataException">It is missing.</exception>
    public double[] Vector(string key) => Vectors.TryGetValue(key, out var v) ? v : throw Missing(key);

    /// <summary>Writes the state.</summary>
    /// <param name="writer">The destination.</param>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Kind);
        writer.Write(Scalars.Count);
        foreach (var (k, v) in Scalars.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(k);
            writer.Write(v);
        }

        writer.Write(Counters.Count);
        foreach (var (k, v) in Counters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(k);
            writer.Write(v);
        }

        writer.Write(Vectors.Count);
        foreach (var (k, v) in Vectors.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(k);
            writer.Write(v.Length);
            foreach (double x in v)
            {
                writer.Write(x);
            }
        }

        writer.Write(Random?.Length ?? -1);
        foreach (ulong w in Random ?? [])
        {
            writer.Write(w);
        }
    }

    /// <summary>Reads a state written by <see cref="Write"/>.</summary>
    /// <param name="reader">The source.</param>
    public static OptimizerState Read(BinaryReader reader)
    {
        string kind = reader.ReadString();
        var scalars = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            scalars[reader.ReadString()] = reader.ReadDouble();
        }

        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            counters[reader.ReadString()] = reader.ReadInt64();
        }

        var vectors = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int i = reader.ReadInt32(); i > 0; i--)
        {
            string key = reader.ReadString();
            var v = new double[reader.ReadInt32()];
            for (int j = 0; j < v.Length; j++)
            {
                v[j] = reader.ReadDouble();
            }

            vectors[key] = v;
        }

        int words = reader.ReadInt32();
        ulong[]? random = null;
        if (words >= 0)
        {
            random = new ulong[words];
            for (int j = 0; j < words; j++)
            {
                random[j] = reader.ReadUInt64();
            }
        }

        return new OptimizerState { Kind = kind, Scalars = scalars, Counters = counters, Vectors = vectors, Random = random };
    }

    private InvalidDataException Missing(string key) => new($"The checkpoint's '{Kind}' optimizer state has no '{key}': it was written by another version of this optimizer.");
}
