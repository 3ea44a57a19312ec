using System.Globalization;
using Pinn.Core.Configuration;

namespace Pinn.Shooting;

/// <summary>
/// The values a bifurcation sweep visits: <paramref name="Count"/> evenly spaced values of one problem parameter from
/// <paramref name="From"/> to <paramref name="To"/>, both included (value i = From + (To − From)·i/(Count − 1)).
/// </summary>
/// <param name="Parameter">The swept parameter's name.</param>
/// <param name="From">First value.</param>
/// <param name="To">Last value (≠ <paramref name="From"/>).</param>
/// <param name="Count">Values, from 2 to 100 000.</param>
public sealed record SweepRange(string Parameter, double From, double To, int Count)
{
    /// <summary>The most values one sweep visits.</summary>
    public const int MaximumCount = 100_000;

    /// <summary>Throws naming the field when invalid.</summary>
    /// <exception cref="OptionsValidationException">An empty name, ends that are not finite or equal, or a count out of range.</exception>
    public SweepRange Validate()
    {
        if (string.IsNullOrWhiteSpace(Parameter))
        {
            throw new OptionsValidationException(nameof(Parameter), "Parameter must name one of the problem's parameters (e.g. lambda).");
        }

        if (!double.IsFinite(From) || !double.IsFinite(To) || From == To)
        {
            throw new OptionsValidationException(nameof(To), string.Create(CultureInfo.InvariantCulture, $"From and To must be two different finite values (got {From} and {To})."));
        }

        if (Count is < 2 or > MaximumCount)
        {
            throw new OptionsValidationException(nameof(Count), string.Create(CultureInfo.InvariantCulture, $"Count must be from 2 to {MaximumCount} values (got {Count})."));
        }

        return this;
    }

    /// <summary>Value <paramref name="index"/> of the sweep (0 … <see cref="Count"/> − 1), computed the same way wherever it is computed.</summary>
    /// <param name="index">The value's index.</param>
    public double ValueAt(int index) => From + ((To - From) * index / (Count - 1));

    /// <summary>"NAME=FROM:TO:COUNT", as the command line writes it (the numbers round-trip).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Parameter}={From:R}:{To:R}:{Count}");

    /// <summary>Parses "NAME=FROM:TO:COUNT", e.g. "lambda=0.1:3.5:69".</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="OptionsValidationException">Not of that form, or out of range.</exception>
    public static SweepRange Parse(string text)
    {
        var parts = (text ?? string.Empty).Split('=', 2);
        var range = parts.Length == 2 ? parts[1].Split(':') : [];
        if (range.Length != 3
            || !double.TryParse(range[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double from)
            || !double.TryParse(range[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double to)
            || !int.TryParse(range[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count)
            || count is < 2 or > MaximumCount || !double.IsFinite(from) || !double.IsFinite(to) || from == to || string.IsNullOrWhiteSpace(parts[0]))
        {
            throw new OptionsValidationException(nameof(Parameter), string.Create(CultureInfo.InvariantCulture, $"'{text}' is not NAME=FROM:TO:COUNT with two different finite ends and 2 ≤ COUNT ≤ {MaximumCount} (e.g. lambda=0.1:3.5:69)."));
        }

        return new SweepRange(parts[0], from, to, count);
    }
}
