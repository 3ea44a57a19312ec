namespace Pinn.Core.IO;

/// <summary>
/// Writes files so that a reader sees either the old or the new content, never a torn one: the data goes to a
/// temporary file in the same directory, is flushed to disk, and is then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any exception the old file is untouched.</summary>
    /// <param name="path">The target.</param>
    /// <param name="write">Writes the content to the stream.</param>
    public static void Write(string path, Action<Stream> write)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes text atomically (UTF-8, no BOM).</summary>
    /// <param name="path">The target.</param>
    /// <param name="text">The content.</param>
    public static void WriteText(string path, string text) => Write(path, s =>
    {
        var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
        s.Write(bytes);
    });
}
