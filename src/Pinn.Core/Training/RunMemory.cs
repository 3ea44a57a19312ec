using System.Globalization;
using Pinn.Core.Configuration;

namespace Pinn.Core.Training;

/// <summary>
/// A lower bound on the memory a run's arrays take, checked before a run starts, so that a run that cannot fit is
/// refused in one line instead of aborting with "Out of memory." part-way (or after writing its directory). It counts
/// the large arrays only — every member's parameters with their gradient and optimizer state (4 vectors), one set of
/// Taylor-mode activations over all training points (2·depth + 4 arrays of rows × width, d + 2 rows per interior point),
/// and one Gauss–Newton Jacobian and Gram matrix in float64 when polishing — so a run it passes may still need more.
/// </summary>
public static class RunMemory
{
    /// <summary>The bytes the run needs at least, and what they are.</summary>
    /// <param name="options">The run options.</param>
    /// <param name="dimension">The problem's dimension d.</param>
    public static (double Bytes, string Breakdown) Estimate(RunOptions options, int dimension)
    {
        ArgumentNullException.ThrowIfNull(options);
        double n = options.Network.Width, depth = options.Network.Depth, d = dimension;
        double element = options.Training.Precision == Precision.F64 ? 8 : 4;
        double parameters = (n * d) + n + (depth * ((n * n) + n)) + n + 1;
        double members = options.TrainedMembers.Count;
        double vectors = 4 * members * parameters * element;
        double rows = (options.Points.Interior * (d + 2)) + options.Points.Boundary + options.Points.Validation;
        double activations = ((2 * depth) + 4) * rows * n * element;
        double polish = 0;
        if (options.Polish is { } p)
        {
            double r = (p.InteriorPoints > 0 ? p.InteriorPoints : options.Points.Interior) + (p.BoundaryPoints > 0 ? p.BoundaryPoints : options.Points.Boundary);
            polish = 8 * ((r * parameters) + (Math.Min(r, parameters) * Math.Min(r, parameters)));
        }

        double total = vectors + activations + polish;
        string breakdown = string.Create(CultureInfo.InvariantCulture, $"{Gib(vectors)} for {members:F0} member(s) × {parameters:G4} parameters, {Gib(activations)} for activations over {rows:G4} rows × width {n:F0} × {2 * depth + 4:F0}{(polish > 0 ? $", {Gib(polish)} for the Gauss–Newton Jacobian and Gram matrix" : string.Empty)}");
        return (total, breakdown);
    }

    /// <summary>Refuses a run whose arrays cannot fit in the memory this process may use.</summary>
    /// <param name="options">The run options.</param>
    /// <param name="dimension">The problem's dimension d.</param>
    /// <param name="availableBytes">The memory available (default: the runtime's limit for this process).</param>
    /// <exception cref="OptionsValidationException">The run needs more than is available; the message names the sizes and what to reduce.</exception>
    public static void Check(RunOptions options, int dimension, double? availableBytes = null)
    {
        var (bytes, breakdown) = Estimate(options, dimension);
        double available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (!(bytes <= available))
        {
            throw new OptionsValidationException(nameof(RunOptions), string.Create(CultureInfo.InvariantCulture, $"this run needs at least {Gib(bytes)} of memory ({breakdown}) but this process may use {Gib(available)}: use fewer points, a smaller network (width, depth) or fewer members."));
        }
    }

    private static string Gib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):G3} GiB");
}
