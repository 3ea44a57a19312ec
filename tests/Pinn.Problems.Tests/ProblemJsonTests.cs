using Pinn.Core.Configuration;
using Pinn.Problems;

namespace Pinn.Problems.Tests;

public class ProblemJsonTests
{
    [Fact]
    public void ExplicitFormMatchesCatalog()
    {
        const string json = """
        { "problem": { "dimension": 2, "nonlinearity": "u^2",
          "source": "(3 - 4*(1 + 6400*r^2)*cos(40*r^2) + cos(80*r^2) - 640*sin(40*r^2))/8",
          "boundary": "sin(20)^2", "parameters": { },
          "solutions": { "analytic": "sin(20*r^2)^2" } } }
        """;
        var p = ProblemJson.ReadDocument(json);
        Assert.Equal(2, p.Dimension);
        Assert.Equal("analytic", Assert.Single(p.KnownSolutions.Keys));
        var catalog = ProblemCatalog.Sin2(2, 20);
        var random = new Random(2);
        for (int i = 0; i < 100; i++)
        {
            var b = new Dictionary<string, double> { ["x1"] = random.NextDouble() - 0.5, ["x2"] = random.NextDouble() - 0.5, ["k"] = 20 };
            NumericAssert.Relative(p.Source.Evaluate(b), catalog.Source.Evaluate(b), 1e-10, floor: 1);
        }
    }

    [Fact]
    public void CatalogAndManufacturedForms()
    {
        var bratu = ProblemJson.ReadDocument("""{ "problem": { "catalog": "bratu", "dimension": 2, "parameters": { "lambda": 1 } } }""");
        Assert.Equal("bratu", bratu.Name);
        Assert.Equal(2, bratu.KnownSolutions.Count);
        var m = ProblemJson.ReadDocument("""{ "problem": { "dimension": 2, "nonlinearity": "u^2", "manufactured": "sin(20*r^2)^2" } }""");
        Assert.Contains("analytic", m.KnownSolutions.Keys);
    }

    [Theory]
    [InlineData("""{ "problem": { "dimension": 2, "nonlinearity": "u^2", "manufactured": "r^2", "colour": 1 } }""", "$.problem.colour", "unknown key")]
    [InlineData("""{ "problem": { "dimension": 0, "catalog": "bratu" } }""", "$.problem.dimension", "from 1 to 64")]
    [InlineData("""{ "problem": { "dimension": "two", "catalog": "bratu" } }""", "$.problem.dimension", "expected an integer")]
    [InlineData("""{ "problem": { "dimension": 2, "nonlinearity": "u^2", "source": "sech(r)", "boundary": "0" } }""", "$.problem.source", "unknown function 'sech' at column 1")]
    [InlineData("""{ "problem": { "dimension": 2, "nonlinearity": "u^2", "source": "x3", "boundary": "0" } }""", "$.problem.source", "x3")]
    [InlineData("""{ "problem": { "dimension": 2, "nonlinearity": "u^2", "boundary": "0" } }""", "$.problem.source", "is required")]
    [InlineData("""{ "problem": { "catalog": "nope" } }""", "$.problem.catalog", "unknown problem")]
    [InlineData("""{ "problem": { "catalog": "bratu", "parameters": { "lambda": "big" } } }""", "$.problem.parameters.lambda", "finite number")]
    [InlineData("""{ "problem": { "catalog": "bratu", "source": "1" } }""", "$.problem.catalog", "takes only")]
    [InlineData("""{ }""", "$.problem", "is required")]
    [InlineData("""{ "problem": [1] }""", "$.problem", "expected a JSON object")]
    [InlineData("""{ "problem": { "catalog": "bratu" """, "config", "not valid JSON")]
    public void ErrorsNameTheJsonPath(string json, string path, string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => ProblemJson.ReadDocument(json));
        Assert.Equal(path, e.Path);
        Assert.Contains(text, e.Message);
    }
}
