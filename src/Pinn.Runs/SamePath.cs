namespace Pinn.Runs;

/// <summary>Compares directory paths as the file system would: full, without trailing separators, through symbolic links.</summary>
public static class SamePath
{
    /// <summary>The full path of <paramref name="path"/>, its last component resolved when it is a symbolic link.</summary>
    /// <param name="path">A directory path.</param>
    public static string Normalize(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        try
        {
            if (new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                full = Path.TrimEndingDirectorySeparator(target.FullName);
            }
        }
        catch (IOException)
        {
            // an unresolvable link: compare its own path
        }

        return full;
    }
}
