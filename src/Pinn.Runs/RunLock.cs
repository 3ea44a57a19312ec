using System.Runtime.InteropServices;

namespace Pinn.Runs;

/// <summary>
/// An exclusive lock on a run directory for the life of a run, released by the operating system when the process
/// ends, crash or kill included: on Linux an advisory <c>flock</c> on the directory itself (so deleting
/// <c>run.lock</c> does not let a second process in), and everywhere <c>run.lock</c> opened with no sharing (holding
/// the process id, for people). A second process that tries to use the directory gets a
/// <see cref="RunDirectoryException"/>.
/// </summary>
public sealed partial class RunLock : IDisposable
{
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (Linux)
    private const int LockExclusiveNonBlocking = 2 | 4; // LOCK_EX | LOCK_NB

    private readonly FileStream stream;
    private int directoryHandle;

    private RunLock(FileStream stream, int directoryHandle)
    {
        this.stream = stream;
        this.directoryHandle = directoryHandle;
    }

    /// <summary>The lock file's name inside a run directory.</summary>
    public const string FileName = "run.lock";

    /// <summary>Takes the lock (creating the directory if needed).</summary>
    /// <param name="directory">The run directory.</param>
    /// <exception cref="RunDirectoryException">Another process holds it, or the directory cannot be created or written.</exception>
    public static RunLock Acquire(string directory)
    {
        RunDirectory.CheckWritablePath(directory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunDirectoryException($"cannot create the run directory '{directory}': {e.Message} (choose a directory you can write to).", e);
        }

        int handle = LockDirectory(directory);
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
            return new RunLock(stream, handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Release(handle);
            if (e is UnauthorizedAccessException || !Held(e))
            {
                throw new RunDirectoryException($"cannot write in the run directory '{directory}': {e.Message} (choose a directory you can write to).", e);
            }

            throw Busy(directory, e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stream.Dispose();
        Release(directoryHandle);
        directoryHandle = -1;
    }

    /// <summary>Whether an exception from opening run.lock means another process holds it (not e.g. a read-only file system).</summary>
    private static bool Held(Exception e) => e.HResult == unchecked((int)0x80070020) || e.Message.Contains("being used by another process", StringComparison.Ordinal);

    private static RunDirectoryException Busy(string directory, Exception? inner) => new(
        $"another pinn process is using the run directory '{directory}' (it holds {FileName}): wait for it to finish, or choose another directory.",
        inner ?? new IOException("locked"));

    /// <summary>flock on the directory (Linux); -1 where that is not available.</summary>
    private static int LockDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        int fd = Open(directory, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return -1; // unreadable directory: the lock file alone (and its errors) decide
        }

        if (Flock(fd, LockExclusiveNonBlocking) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            _ = Close(fd);
            if (error == 11) // EWOULDBLOCK: another open description holds it
            {
                throw Busy(directory, null);
            }

            return -1; // a file system without flock: the lock file alone
        }

        return fd;
    }

    private static void Release(int handle)
    {
        if (handle >= 0)
        {
            _ = Close(handle); // closing the descriptor releases the flock
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
