namespace Pinn.Runs.Benchmarking;

/// <summary>A benchmark size (d = 2 throughout).</summary>
/// <param name="Name">small, medium or paper.</param>
/// <param name="Width">N.</param>
/// <param name="Depth">D.</param>
/// <param name="Interior">Interior points.</param>
/// <param name="Boundary">Boundary points.</param>
public sealed record BenchmarkScale(string Name, int Width, int Depth, int Interior, int Boundary)
{
    /// <summary>N = 32, D = 2, 512 + 64 points.</summary>
    public static BenchmarkScale Small { get; } = new("small", 32, 2, 512, 64);

    /// <summary>N = 64, D = 3, 2048 + 256 points.</summary>
    public static BenchmarkScale Medium { get; } = new("medium", 64, 3, 2048, 256);

    /// <summary>The paper's network: N = 200, D = 3, 10⁴ + 10³ points.</summary>
    public static BenchmarkScale Paper { get; } = new("paper", 200, 3, 10_000, 1_000);

    /// <summary>A scale by name.</summary>
    /// <param name="name">small, medium or paper.</param>
    public static BenchmarkScale FromName(string name) => name switch
    {
        "small" => Small,
        "medium" => Medium,
        "paper" => Paper,
        _ => throw new ArgumentException($"Unknown scale '{name}': use small, medium or paper."),
    };
}
