namespace Pinn.Runs;

/// <summary>
/// An exclusive lock on a run directory for the life of a run: <c>run.lock</c> opened with no sharing, which on
/// Linux and macOS is an advisory <c>flock</c> that the operating system releases when the process ends, crash or kill
/// included. A second process that tries to use the directory gets a <see cref="RunDirectoryException"/>.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream stream;

    private RunLock(FileStream stream) => this.stream = stream;

    /// <summary>The lock file's name inside a run directory.</summary>
    public const string FileName = "run.lock";

    /// <summary>Takes the lock (creating the directory if needed).</summary>
    /// <param name="directory">The run directory.</param>
    /// <exception cref="RunDirectoryException">Another process holds it.</exception>
    public static RunLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write($"{Environment.ProcessId}\n");
            }

            stream.Flush();
            return new RunLock(stream);
        }
        catch (IOException e)
        {
            throw new RunDirectoryException($"another pinn process is using the run directory '{directory}' (it holds {FileName}): wait for it to finish, or choose another directory.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => stream.Dispose();
}
