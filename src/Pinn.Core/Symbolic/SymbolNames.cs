using System.Globalization;

namespace Pinn.Core.Symbolic;

/// <summary>The reserved names of the grammar: coordinates, r, u, constants and functions.</summary>
public static class SymbolNames
{
    private static readonly Dictionary<string, MathFunction> Functions = new(StringComparer.Ordinal)
    {
        ["sin"] = MathFunction.Sin,
        ["cos"] = MathFunction.Cos,
        ["tan"] = MathFunction.Tan,
        ["exp"] = MathFunction.Exp,
        ["log"] = MathFunction.Log,
        ["sqrt"] = MathFunction.Sqrt,
        ["tanh"] = MathFunction.Tanh,
        ["abs"] = MathFunction.Abs,
        ["sinh"] = MathFunction.Sinh,
        ["cosh"] = MathFunction.Cosh,
        ["asinh"] = MathFunction.Asinh,
        ["atan"] = MathFunction.Atan,
        ["erf"] = MathFunction.Erf,
    };

    /// <summary>The grammar's function names.</summary>
    public static IReadOnlyCollection<string> FunctionNames => Functions.Keys;

    /// <summary>Looks up a function by name.</summary>
    /// <param name="name">The name, e.g. <c>sin</c>.</param>
    /// <param name="function">The function, when found.</param>
    public static bool TryFunction(string name, out MathFunction function) => Functions.TryGetValue(name, out function);

    /// <summary>The name of a function.</summary>
    /// <param name="function">The function.</param>
    public static string FunctionName(MathFunction function) => function.ToString().ToLowerInvariant();

    /// <summary>Whether <paramref name="name"/> is a coordinate <c>xN</c> (N ≥ 1), and its index.</summary>
    /// <param name="name">The canonical variable name.</param>
    /// <param name="index">The 1-based index.</param>
    public static bool TryCoordinateIndex(string name, out int index)
    {
        index = 0;
        return name.Length >= 2 && name[0] == 'x' && name[1] != '0'
            && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out index) && index >= 1;
    }

    /// <summary>Maps the aliases x, y, z to x1, x2, x3; other names are returned unchanged.</summary>
    /// <param name="name">A name as written.</param>
    public static string Canonical(string name) => name switch
    {
        "x" => "x1",
        "y" => "x2",
        "z" => "x3",
        _ => name,
    };

    /// <summary>Whether a name is reserved (coordinate, alias, r, u, pi, e or a function).</summary>
    /// <param name="name">The name.</param>
    public static bool IsReserved(string name) =>
        name is "x" or "y" or "z" or "r" or "u" or "pi" or "e" || Functions.ContainsKey(name)
        || (name.Length >= 2 && name[0] == 'x' && name.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0);

    /// <summary>Whether a name may be used for a parameter.</summary>
    /// <param name="name">The name.</param>
    public static bool IsValidParameterName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetter(name[0]) || IsReserved(name))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
