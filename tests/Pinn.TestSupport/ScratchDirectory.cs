namespace Pinn.TestSupport;

/// <summary>A new, empty directory under the system's temporary folder, deleted with everything in it on disposal.</summary>
public sealed class ScratchDirectory : IDisposable
{
    /// <summary>Creates the directory.</summary>
    public ScratchDirectory() => Path = TestPaths.TempDirectory();

    /// <summary>Its path.</summary>
    public string Path { get; }

    /// <summary>A path inside it.</summary>
    /// <param name="parts">Names below the directory.</param>
    public string this[params string[] parts] => System.IO.Path.Combine([Path, .. parts]);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, true);
        }
    }
}
