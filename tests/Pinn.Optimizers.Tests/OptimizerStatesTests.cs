using Pinn.Core.Optimization;

namespace Pinn.Optimizers.Tests;

/// <summary>
/// Each optimizer's typed state and its checkpoint form: the round trip keeps every field, the keys are the checkpoint
/// format's (so checkpoints written before the typed states still resume), and a foreign or incomplete state is refused
/// naming what is wrong.
/// </summary>
public class OptimizerStatesTests
{
    private static OptimizerState RoundTrip(OptimizerState state)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            state.Write(w);
        }

        stream.Position = 0;
        using var r = new BinaryReader(stream);
        return OptimizerState.Read(r);
    }

    [Fact]
    public void EveryTypedStateRoundTripsThroughItsCheckpointFormUnderTheFormatsKeys()
    {
        var bbi = new BbiState(1.5, 2.5, 0.5, 1e-3, 17, 3, 4, 2, true, [1, -2, 3], [1, 2, 3, 4, 0, 7]);
        var bbiForm = RoundTrip(bbi.ToState());
        Assert.Equal(new[] { "energy", "initialV", "minimumV", "shift" }, bbiForm.Scalars.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "fixedBounces", "fixedCounter", "iteration", "momentumInitialized", "progressCounter" }, bbiForm.Counters.Keys.Order(StringComparer.Ordinal));
        var back = BbiState.From(bbiForm);
        Assert.Equal((bbi.Energy, bbi.InitialV, bbi.MinimumV, bbi.Shift, bbi.Iteration, bbi.FixedCounter, bbi.ProgressCounter, bbi.FixedBounces, bbi.MomentumInitialized), (back.Energy, back.InitialV, back.MinimumV, back.Shift, back.Iteration, back.FixedCounter, back.ProgressCounter, back.FixedBounces, back.MomentumInitialized));
        Assert.Equal(bbi.Momentum, back.Momentum);
        Assert.Equal(bbi.Random, back.Random);

        var adam = AdamState.From(RoundTrip(new AdamState(9, [0.25], [0.5]).ToState()));
        Assert.Equal((9L, 0.25, 0.5), (adam.Steps, adam.FirstMoment[0], adam.SecondMoment[0]));
        Assert.Equal(new[] { "m", "v" }, new AdamState(1, [], []).ToState().Vectors.Keys.Order(StringComparer.Ordinal));

        var gdm = GradientDescentMomentumState.From(RoundTrip(new GradientDescentMomentumState(4, [1, 2]).ToState()));
        Assert.Equal(4L, gdm.Steps);
        Assert.Equal([1.0, 2.0], gdm.Buffer);

        var gn = new GaussNewtonState(1e-3, 42, 2, 11, true);
        Assert.Equal(gn, GaussNewtonState.From(RoundTrip(gn.ToState()))); // no arrays: record equality is field equality
        Assert.Equal("gauss-newton", gn.ToState().Kind);
    }

    [Fact]
    public void AForeignOrIncompleteStateIsRefusedNamingWhatIsWrong()
    {
        var adam = new AdamState(1, [0], [0]).ToState();
        Assert.Equal("The checkpoint holds a 'adam' optimizer state, not 'bbi'.", Assert.Throws<InvalidDataException>(() => BbiState.From(adam)).Message);
        adam.Vectors.Remove("v");
        Assert.Equal("The checkpoint's 'adam' optimizer state has no 'v': it was written by another version of this optimizer.", Assert.Throws<InvalidDataException>(() => AdamState.From(adam)).Message);
        var gn = new GaussNewtonState(1, 1, 2, 0, false).ToState();
        gn.Scalars.Remove("growth");
        Assert.Contains("has no 'growth'", Assert.Throws<InvalidDataException>(() => GaussNewtonState.From(gn)).Message, StringComparison.Ordinal);
    }
}
