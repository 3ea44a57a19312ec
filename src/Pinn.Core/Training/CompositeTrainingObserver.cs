namespace Pinn.Core.Training;

/// <summary>Forwards every event to each of several observers, in order (null entries are skipped).</summary>
public sealed class CompositeTrainingObserver : ITrainingObserver
{
    private readonly ITrainingObserver[] observers;

    /// <summary>Combines observers.</summary>
    /// <param name="observers">The observers; nulls are ignored.</param>
    public CompositeTrainingObserver(params ITrainingObserver?[] observers) => this.observers = observers.OfType<ITrainingObserver>().ToArray();

    /// <inheritdoc />
    public void OnStep(long step, long totalSteps, IReadOnlyList<MemberStatus> members)
    {
        foreach (var o in observers)
        {
            o.OnStep(step, totalSteps, members);
        }
    }

    /// <inheritdoc />
    public void OnMetrics(IReadOnlyList<MetricsRecord> records)
    {
        foreach (var o in observers)
        {
            o.OnMetrics(records);
        }
    }

    /// <inheritdoc />
    public void OnBounce(long step, int member)
    {
        foreach (var o in observers)
        {
            o.OnBounce(step, member);
        }
    }
}
