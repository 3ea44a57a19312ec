using Pinn.Core.Configuration;
using Pinn.Core.Training;
using Pinn.Problems;

namespace Pinn.Shooting.Tests;

/// <summary>Bifurcation diagrams by shooting against Bratu's closed forms (d = 2) and its known fold (d = 3).</summary>
public class BifurcationSweepTests
{
    [Fact]
    public void Bratu2dBranchesFollowTheClosedFormAndFoldAtTwo()
    {
        // d = 2: u = 2 ln[(1 + b)/(1 + b r²)] with λ = 8b/(1 + b)², so u(0) = 2 ln(1 + b); the branches meet at b = 1, λ* = 2.
        var diagram = BifurcationSweep.Run(ProblemCatalog.Bratu(2, 1), "lambda", 0.5, 2.5, 9, new ShootingOptions(-20, 20));
        foreach (var group in diagram.Points.GroupBy(p => p.Parameter))
        {
            double lambda = group.Key;
            if (lambda < 2)
            {
                // λb² + (2λ − 8)b + λ = 0.
                double disc = Math.Sqrt(((2 * lambda) - 8) * ((2 * lambda) - 8) - (4 * lambda * lambda));
                double b1 = (8 - (2 * lambda) + disc) / (2 * lambda), b2 = (8 - (2 * lambda) - disc) / (2 * lambda);
                Assert.Equal(2, group.Count());
                NumericAssert.Absolute(2 * Math.Log(1 + b1), group.First().U0, 1e-7, $"upper u(0) at λ = {lambda}");
                NumericAssert.Absolute(2 * Math.Log(1 + b2), group.Last().U0, 1e-7, $"lower u(0) at λ = {lambda}");

                // ‖u‖² = 2∫₀¹ u² r dr for the closed form, by a fine midpoint rule.
                double b = b2, sum = 0;
                for (int i = 0; i < 20000; i++)
                {
                    double r = (i + 0.5) / 20000;
                    double u = 2 * Math.Log((1 + b) / (1 + (b * r * r)));
                    sum += u * u * r / 20000;
                }

                NumericAssert.Relative(Math.Sqrt(2 * sum), group.Last().Norm, 1e-6, what: $"‖u‖ of the lower solution at λ = {lambda}");
            }
            else
            {
                Assert.Empty(group);
            }
        }

        var fold = Assert.Single(diagram.Folds);
        Assert.Equal((2, 0), (fold.Below, fold.Above));
        NumericAssert.Absolute(2.0, fold.Parameter, 1e-3, "λ* in d = 2");

        // The CSV round-trips exactly, and a damaged line is named.
        string path = Path.Combine(Path.GetTempPath(), $"pinn-sweep-{Guid.NewGuid():N}.csv");
        try
        {
            diagram.WriteCsv(path);
            var again = BifurcationDiagram.ReadCsv(path);
            Assert.Equal("lambda", again.Parameter);
            Assert.Equal(diagram.Points, again.Points);
            File.AppendAllText(path, "1,2\n");
            Assert.Contains($"line {diagram.Points.Count + 2}", Assert.Throws<InvalidDataException>(() => BifurcationDiagram.ReadCsv(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bratu3dFoldsAtItsKnownTurningPoint()
    {
        // d = 3: the branch of radial solutions turns at λ* ≈ 3.32199 (Gelfand); beyond it there is none.
        var diagram = BifurcationSweep.Run(ProblemCatalog.Bratu(3, 1), "lambda", 3.0, 3.5, 6, new ShootingOptions(-1, 10));
        var fold = Assert.Single(diagram.Folds);
        Assert.Equal(0, fold.Above);
        NumericAssert.Absolute(3.32199, fold.Parameter, 1e-3, "λ* in d = 3");
        Assert.Throws<ProblemDefinitionException>(() => BifurcationSweep.Run(ProblemCatalog.Bratu(3, 1), "mu", 1, 2, 3));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void ShardsPutTogetherEqualTheWholeSweepBitForBit(int shards)
    {
        // Bratu d = 2, λ from 1.1 to 2.3 in 9 values (u(0) of both solutions within [−1, 4]): the fold at λ* = 2 lies
        // between values 5 and 6 (λ = 1.85 and 2, where round-off leaves no solution), so with 2 shards (values 0–3, 4–8)
        // it falls inside a shard, with 3 (0–2, 3–5, 6–8) and 9 (one each) after a shard's last value. A coarse scan keeps the test fast; equality does not depend on it.
        var problem = ProblemCatalog.Bratu(2, 1);
        var range = new SweepRange("lambda", 1.1, 2.3, 9);
        var options = new ShootingOptions(-1, 4, ScanPoints: 41, Tolerance: 1e-8);
        var whole = BifurcationSweep.Run(problem, range, options);
        var parts = Enumerable.Range(0, shards).Select(i => BifurcationSweep.Run(problem, range, options, shard: new ShardOptions(i, shards))).ToList();
        Assert.Equal(whole.Points, parts.SelectMany(p => p.Points));
        Assert.Equal(whole.Folds, parts.SelectMany(p => p.Folds));
        Assert.Single(whole.Folds);

        // Each shard holds exactly its own values.
        for (int i = 0; i < shards; i++)
        {
            var (first, count) = BifurcationSweep.ValuesOf(range, new ShardOptions(i, shards));
            var held = Enumerable.Range(first, count).Select(range.ValueAt).ToHashSet();
            Assert.All(parts[i].Points, p => Assert.Contains(p.Parameter, held));
        }
    }

    [Fact]
    public void RangesParseRoundTripAndNameTheirFault()
    {
        var range = SweepRange.Parse("lambda=0.1:3.5:69");
        Assert.Equal(new SweepRange("lambda", 0.1, 3.5, 69), range);
        Assert.Equal(range, SweepRange.Parse(range.ToString()));
        Assert.Equal(3.5, range.ValueAt(68));
        Assert.Equal(0.1, range.ValueAt(0));
        foreach (string bad in new[] { "lambda=1:1:3", "lambda=0:1:1", "lambda=0:1", "=0:1:3", "lambda=0:NaN:3", "lambda" })
        {
            Assert.Contains("is not NAME=FROM:TO:COUNT", Assert.Throws<OptionsValidationException>(() => SweepRange.Parse(bad)).Message, StringComparison.Ordinal);
        }

        Assert.Equal("Count", Assert.Throws<OptionsValidationException>(() => new SweepRange("k", 0, 1, 1).Validate()).Property);
        Assert.Equal("To", Assert.Throws<OptionsValidationException>(() => new SweepRange("k", 0, double.PositiveInfinity, 3).Validate()).Property);
        var tooMany = Assert.Throws<OptionsValidationException>(() => BifurcationSweep.ValuesOf(new SweepRange("k", 0, 1, 3), new ShardOptions(0, 4)));
        Assert.Equal("a sweep of 3 values splits into at most 3 shards (got 4).", tooMany.Message);
    }
}
