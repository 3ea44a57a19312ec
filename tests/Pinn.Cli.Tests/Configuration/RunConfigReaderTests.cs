using Pinn.Cli.Configuration;
using Pinn.Core.Configuration;
using Pinn.Optimizers;

namespace Pinn.Cli.Tests.Configuration;

public class RunConfigReaderTests
{
    private const string Problem = "\"problem\": { \"catalog\": \"zero-data\", \"dimension\": 2 }";

    [Fact]
    public void DefaultsAreThePapersAndRoundTripThroughTheWriter()
    {
        var config = RunConfigReader.Read("{" + Problem + "}", "t");
        var o = config.Options;
        Assert.Equal((200, 3), (o.Network.Width, o.Network.Depth));
        Assert.Equal((10_000, 1_000), (o.Points.Interior, o.Points.Boundary));
        Assert.Equal((1e5, 2e-4), (o.Loss.BoundaryWeight, o.Loss.WeightDecay));
        var bbi = Assert.IsType<BbiOptions>(o.Optimizer);
        Assert.Equal((8e-6, 200L, 10L, 2000L), (bbi.TimeStep, bbi.FixedBouncePeriod, bbi.FixedBounceCount, bbi.ProgressBounceThreshold));
        var again = RunConfigReader.Read(RunConfigWriter.Write(config), "t");
        Assert.Equal(config.Options with { Optimizer = again.Options.Optimizer }, again.Options);
        Assert.Equal(config.Options.Optimizer, again.Options.Optimizer);
        Assert.Equal(config.Problem.Source, again.Problem.Source);
    }

    [Theory]
    [InlineData("\"network\": { \"width\": 0 }", "$.network.width", "Width")]
    [InlineData("\"network\": { \"activation\": \"relu\" }", "$.network.activation", "unknown activation")]
    [InlineData("\"network\": { \"widht\": 10 }", "$.network.widht", "unknown key")]
    [InlineData("\"points\": { \"interior\": 0 }", "$.points.interior", "Interior")]
    [InlineData("\"points\": { \"resampleEvery\": -1 }", "$.points.resampleEvery", "ResampleEvery")]
    [InlineData("\"loss\": { \"boundaryWeight\": -5 }", "$.loss.boundaryWeight", "BoundaryWeight")]
    [InlineData("\"optimizer\": { \"kind\": \"sgd\" }", "$.optimizer.kind", "unknown optimizer")]
    [InlineData("\"optimizer\": { \"timeStep\": -1 }", "$.optimizer.timeStep", "TimeStep")]
    [InlineData("\"optimizer\": { \"t0\": 0 }", "$.optimizer.t0", "T0")]
    [InlineData("\"optimizer\": { \"kind\": \"adam\", \"learningRate\": 0 }", "$.optimizer.learningRate", "LearningRate")]
    [InlineData("\"training\": { \"steps\": 0 }", "$.training.steps", "Steps")]
    [InlineData("\"training\": { \"precision\": \"f16\" }", "$.training.precision", "unknown precision")]
    [InlineData("\"training\": { \"device\": \"cuda\" }", "$.training.device", "CPU backend only")]
    [InlineData("\"training\": { \"steps\": 1.5 }", "$.training.steps", "expected an integer")]
    [InlineData("\"ensemble\": { \"members\": 0 }", "$.ensemble.members", "Members")]
    [InlineData("\"shooting\": { \"minimum\": 5, \"maximum\": 1 }", "$.shooting.minimum", "below Maximum")]
    [InlineData("\"output\": { \"dir\": \"x\" }", "$.output.dir", "unknown key")]
    [InlineData("\"extra\": 1", "$.extra", "unknown key")]
    public void EveryErrorNamesItsJsonPath(string section, string path, string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => RunConfigReader.Read("{" + Problem + ", " + section + "}", "t"));
        Assert.Equal(path, e.Path);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void EveryShippedConfigurationLoads()
    {
        var files = Directory.GetFiles(Path.Combine(CliRunner.Root, "problems"), "*.json");
        Assert.True(files.Length >= 5);
        foreach (var file in files)
        {
            var config = RunConfigReader.ReadFile(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), config.Name);
        }
    }
}
