namespace Pinn.Shooting;

/// <summary>How an integration ended.</summary>
public enum IntegrationStatus
{
    /// <summary>Reached the end point.</summary>
    Completed,

    /// <summary>|u| exceeded the bound: the shot blew up (sign in <see cref="DormandPrince45.Solution.BlowUpSign"/>).</summary>
    BlowUp,

    /// <summary>The step size collapsed below its minimum: treated as a blow-up.</summary>
    StepCollapse,
}
