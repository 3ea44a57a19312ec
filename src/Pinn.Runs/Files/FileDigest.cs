using System.Security.Cryptography;

namespace Pinn.Runs.Files;

/// <summary>The length and SHA-256 of a file (or of its first <see cref="Bytes"/> bytes) as a run wrote it.</summary>
/// <param name="Bytes">Its length in bytes.</param>
/// <param name="Sha256">The SHA-256 of those bytes, lowercase hex.</param>
public sealed record FileDigest(long Bytes, string Sha256)
{
    /// <summary>The digest of a whole file.</summary>
    /// <param name="path">The file.</param>
    public static FileDigest Of(string path)
    {
        using var stream = File.OpenRead(path);
        return new FileDigest(stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Whether the file is exactly what was recorded.</summary>
    /// <param name="path">The file.</param>
    public bool MatchesWhole(string path) => File.Exists(path) && new FileInfo(path).Length == Bytes && MatchesPrefix(path);

    /// <summary>Whether the file starts with the recorded bytes (it may have grown since: an appended log).</summary>
    /// <param name="path">The file.</param>
    public bool MatchesPrefix(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        if (stream.Length < Bytes)
        {
            return false;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long left = Bytes;
        while (left > 0)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                return false;
            }

            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset()) == Sha256;
    }
}
