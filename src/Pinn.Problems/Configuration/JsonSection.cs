using System.Globalization;
using System.Text.Json;
using Pinn.Core.Configuration;

namespace Pinn.Problems.Configuration;

/// <summary>
/// A JSON object being read as configuration: typed getters that report the JSON path on every error, and a
/// check that rejects keys nobody read (so typos are errors, not silently ignored settings).
/// </summary>
public sealed class JsonSection
{
    private readonly JsonElement element;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    /// <summary>Wraps an object element.</summary>
    /// <param name="element">The element; must be a JSON object.</param>
    /// <param name="path">Its JSON path, e.g. <c>$</c> or <c>$.network</c>.</param>
    public JsonSection(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException(path, $"expected a JSON object but found {Describe(element)}.");
        }

        this.element = element;
        Path = path;
    }

    /// <summary>This section's JSON path.</summary>
    public string Path { get; }

    /// <summary>Parses a JSON document whose root must be an object.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">Where it came from, for messages (a file name).</param>
    public static JsonSection ParseDocument(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            RejectDuplicateKeys(document.RootElement, "$");
            return new JsonSection(document.RootElement.Clone(), "$");
        }
        catch (JsonException e)
        {
            throw new ConfigurationException(source, $"is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>Refuses an object that names a key twice (System.Text.Json would let the last one win silently).</summary>
    private static void RejectDuplicateKeys(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                string child = $"{path}.{property.Name}";
                if (!seen.Add(property.Name))
                {
                    throw new ConfigurationException(child, "appears twice in the same object; keep one of them (otherwise the last would silently win).");
                }

                RejectDuplicateKeys(property.Value, child);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in element.EnumerateArray())
            {
                RejectDuplicateKeys(item, $"{path}[{i++}]");
            }
        }
    }

    /// <summary>The path of a key in this section.</summary>
    /// <param name="key">The key.</param>
    public string PathOf(string key) => $"{Path}.{key}";

    /// <summary>Whether the key is present (marks it as read).</summary>
    /// <param name="key">The key.</param>
    public bool Has(string key)
    {
        read.Add(key);
        return element.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;
    }

    /// <summary>The keys present in this object.</summary>
    public IEnumerable<string> Keys => element.EnumerateObject().Select(p => p.Name);

    private bool TryGet(string key, out JsonElement value)
    {
        read.Add(key);
        return element.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>A nested object, or null when absent.</summary>
    /// <param name="key">The key.</param>
    public JsonSection? Section(string key) => TryGet(key, out var v) ? new JsonSection(v, PathOf(key)) : null;

    /// <summary>A string, or <paramref name="fallback"/> when absent.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The default.</param>
    public string? String(string key, string? fallback = null)
    {
        if (!TryGet(key, out var v))
        {
            return fallback;
        }

        return v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : throw new ConfigurationException(PathOf(key), $"expected a string but found {Describe(v)}.");
    }

    /// <summary>A finite number, or <paramref name="fallback"/> when absent.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The default.</param>
    public double Number(string key, double fallback)
    {
        if (!TryGet(key, out var v))
        {
            return fallback;
        }

        return IsFiniteNumber(v, out double d) ? d : throw new ConfigurationException(PathOf(key), $"expected a finite number but found {Describe(v)}.");
    }

    /// <summary>A finite number, null for the string "auto" (a value chosen from the problem), or <paramref name="fallback"/> when absent.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The default.</param>
    public double? NumberOrAuto(string key, double? fallback)
    {
        if (!TryGet(key, out var v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.String && v.GetString() == "auto")
        {
            return null;
        }

        return IsFiniteNumber(v, out double d) ? d : throw new ConfigurationException(PathOf(key), $"expected a finite number or \"auto\" (chosen from the problem) but found {Describe(v)}.");
    }

    private static bool IsFiniteNumber(JsonElement v, out double d)
    {
        d = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out d) && double.IsFinite(d);
    }

    /// <summary>An integer (JSON numbers such as 1e6 are accepted when integral), or <paramref name="fallback"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The default.</param>
    public long Integer(string key, long fallback)
    {
        if (!TryGet(key, out var v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) <= 9_007_199_254_740_991.0)
        {
            return (long)d;
        }

        throw new ConfigurationException(PathOf(key), $"expected an integer but found {Describe(v)}.");
    }

    /// <summary>A boolean, or <paramref name="fallback"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The default.</param>
    public bool Boolean(string key, bool fallback)
    {
        if (!TryGet(key, out var v))
        {
            return fallback;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigurationException(PathOf(key), $"expected true or false but found {Describe(v)}."),
        };
    }

    /// <summary>An object of string → number entries, or empty.</summary>
    /// <param name="key">The key.</param>
    public Dictionary<string, double> NumberMap(string key)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        var section = Section(key);
        if (section is null)
        {
            return map;
        }

        foreach (var name in section.Keys)
        {
            map[name] = section.Number(name, double.NaN);
        }

        return map;
    }

    /// <summary>An array of finite numbers, or null when absent.</summary>
    /// <param name="key">The key.</param>
    public IReadOnlyList<double>? NumberList(string key)
    {
        if (!TryGet(key, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationException(PathOf(key), $"expected an array of numbers but found {Describe(v)}.");
        }

        var list = new List<double>();
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out double d) || !double.IsFinite(d))
            {
                throw new ConfigurationException($"{PathOf(key)}[{i}]", $"expected a finite number but found {Describe(item)}.");
            }

            list.Add(d);
            i++;
        }

        return list;
    }

    /// <summary>An object of string → string entries, or empty.</summary>
    /// <param name="key">The key.</param>
    public Dictionary<string, string> StringMap(string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = Section(key);
        if (section is null)
        {
            return map;
        }

        foreach (var name in section.Keys)
        {
            map[name] = section.String(name) ?? throw new ConfigurationException(section.PathOf(name), "expected a string.");
        }

        return map;
    }

    /// <summary>Throws when the object holds a key that no getter asked for.</summary>
    /// <param name="allowed">Optional list of the keys this section accepts, for the message.</param>
    public void RejectUnknownKeys(IEnumerable<string>? allowed = null)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!read.Contains(property.Name))
            {
                string valid = string.Join(", ", allowed ?? read.Order(StringComparer.Ordinal));
                throw new ConfigurationException(PathOf(property.Name), $"unknown key. Valid keys here: {valid}.");
            }
        }
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{v.GetString()}\"",
        JsonValueKind.Number => "the number " + v.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        _ => v.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
