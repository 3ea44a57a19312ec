using Pinn.Core.Configuration;
using Pinn.Core.Symbolic;
using Pinn.Problems.Configuration;

namespace Pinn.Problems;

/// <summary>
/// Reads the <c>problem</c> section of a run configuration (see docs/problem-format.md). Three forms:
/// explicit (<c>nonlinearity</c>, <c>source</c>, <c>boundary</c>), cataloged (<c>catalog</c>) and manufactured
/// (<c>manufactured</c> + <c>nonlinearity</c>). Every error is a <see cref="ConfigurationException"/> with the JSON path.
/// </summary>
public static class ProblemJson
{
    /// <summary>Reads a problem from a whole configuration document (its <c>problem</c> key).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public static NonlinearPoisson ReadDocument(string json, string source = "config")
    {
        var root = JsonSection.ParseDocument(json, source);
        var section = root.Section("problem") ?? throw new ConfigurationException("$.problem", "is required: describe the PDE there (see docs/problem-format.md).");
        return Read(section);
    }

    /// <summary>Reads a <c>problem</c> object.</summary>
    /// <param name="section">The section.</param>
    public static NonlinearPoisson Read(JsonSection section)
    {
        long dimension = section.Integer("dimension", 2);
        if (dimension < 1 || dimension > 64)
        {
            throw new ConfigurationException(section.PathOf("dimension"), $"must be an integer from 1 to 64, got {dimension}.");
        }

        int d = (int)dimension;
        var parameters = section.NumberMap("parameters");
        string? name = section.String("name");
        string? catalog = section.String("catalog");
        string? manufactured = section.String("manufactured");
        string? nonlinearity = section.String("nonlinearity");
        string? sourceText = section.String("source");
        string? boundary = section.String("boundary");
        var solutionTexts = section.StringMap("solutions");
        section.RejectUnknownKeys(["name", "dimension", "catalog", "parameters", "nonlinearity", "source", "boundary", "manufactured", "solutions"]);

        try
        {
            if (catalog is not null)
            {
                if (nonlinearity is not null || sourceText is not null || boundary is not null || manufactured is not null || solutionTexts.Count > 0)
                {
                    throw new ConfigurationException(section.PathOf("catalog"), "a cataloged problem takes only 'dimension' and 'parameters' (and 'name'); remove the other keys.");
                }

                var cataloged = ProblemCatalog.Create(catalog, d, parameters);
                return name is null
                    ? cataloged
                    : new NonlinearPoisson(d, cataloged.Nonlinearity, cataloged.Source, cataloged.Boundary, cataloged.Parameters, cataloged.KnownSolutions, name);
            }

            var n = ParseField(section, "nonlinearity", nonlinearity ?? throw new ConfigurationException(section.PathOf("nonlinearity"), "is required (e.g. \"u^2\"), or use 'catalog'."));
            var solutions = solutionTexts.ToDictionary(kv => kv.Key, kv => ParseField(section, $"solutions.{kv.Key}", kv.Value), StringComparer.Ordinal);
            if (manufactured is not null)
            {
                if (sourceText is not null || boundary is not null)
                {
                    throw new ConfigurationException(section.PathOf("manufactured"), "a manufactured problem derives 'source' and 'boundary'; remove them.");
                }

                var p = Manufactured.From(ParseField(section, "manufactured", manufactured), n, d, parameters, name ?? "manufactured");
                foreach (var kv in p.KnownSolutions)
                {
                    solutions.TryAdd(kv.Key, kv.Value);
                }

                return new NonlinearPoisson(d, p.Nonlinearity, p.Source, p.Boundary, parameters, solutions, p.Name);
            }

            var f = ParseField(section, "source", sourceText ?? throw new ConfigurationException(section.PathOf("source"), "is required (the right-hand side f(x)), or use 'manufactured'."));
            var g = ParseField(section, "boundary", boundary ?? throw new ConfigurationException(section.PathOf("boundary"), "is required (the Dirichlet value g(x) on the sphere)."));
            return new NonlinearPoisson(d, n, f, g, parameters, solutions, name ?? "problem");
        }
        catch (ProblemDefinitionException e)
        {
            throw new ConfigurationException(section.PathOf(e.Field), e.Message[(e.Field.Length + 2)..]);
        }
    }

    private static Expr ParseField(JsonSection section, string key, string text)
    {
        try
        {
            return Expr.Parse(text);
        }
        catch (ExprParseException e)
        {
            throw new ConfigurationException(section.PathOf(key), $"cannot parse \"{text}\": {e.Message}.");
        }
    }
}
