namespace Pinn.Core.Training;

/// <summary>Receives progress from a <see cref="Trainer{T}"/> (called on the training thread).</summary>
public interface ITrainingObserver
{
    /// <summary>After every step.</summary>
    /// <param name="step">Steps done.</param>
    /// <param name="totalSteps">Steps planned.</param>
    /// <param name="members">Every member's status.</param>
    void OnStep(long step, long totalSteps, IReadOnlyList<MemberStatus> members);

    /// <summary>After a metrics evaluation.</summary>
    /// <param name="records">One record per active member.</param>
    void OnMetrics(IReadOnlyList<MetricsRecord> records);

    /// <summary>After a member bounced.</summary>
    /// <param name="step">The step.</param>
    /// <param name="member">The member.</param>
    void OnBounce(long step, int member);
}
