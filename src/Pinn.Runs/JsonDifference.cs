using System.Globalization;
using System.Text.Json.Nodes;

namespace Pinn.Runs;

/// <summary>Where two JSON documents first differ, as a JSON path with both values (for one-line refusals of shards of different runs).</summary>
internal static class JsonDifference
{
    /// <summary>The path of the first difference between two JSON texts and both values there, e.g. <c>$.training.seed (5 against 6)</c>.</summary>
    /// <param name="a">One document.</param>
    /// <param name="b">The other.</param>
    public static string First(string a, string b) => Between(JsonNode.Parse(a), JsonNode.Parse(b), "$");

    private static string Between(JsonNode? a, JsonNode? b, string path)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
            {
                if (!oa.ContainsKey(key) || !ob.ContainsKey(key))
                {
                    return $"{path}.{key}";
                }

                if (!JsonNode.DeepEquals(oa[key], ob[key]))
                {
                    return Between(oa[key], ob[key], $"{path}.{key}");
                }
            }
        }
        else if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (int i = 0; i < aa.Count; i++)
            {
                if (!JsonNode.DeepEquals(aa[i], ab[i]))
                {
                    return Between(aa[i], ab[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"));
                }
            }
        }

        return $"{path} ({a?.ToJsonString()} against {b?.ToJsonString()})";
    }
}
