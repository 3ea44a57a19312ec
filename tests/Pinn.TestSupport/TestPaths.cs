namespace Pinn.TestSupport;

/// <summary>Paths tests need: the repository root and fresh scratch directories.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the folder holding Pinn.sln).</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pinn.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Pinn.sln not found above the test binaries.");
        }
    }

    /// <summary>A shipped configuration: problems/<paramref name="name"/>.</summary>
    /// <param name="name">The file name.</param>
    public static string Problem(string name) => Path.Combine(Root, "problems", name);

    /// <summary>A new, empty directory under the system's temporary folder.</summary>
    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pinn-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
