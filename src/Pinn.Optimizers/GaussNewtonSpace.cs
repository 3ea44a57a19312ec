namespace Pinn.Optimizers;

/// <summary>Which side of the Gauss–Newton system <see cref="GaussNewton"/> factors (<see cref="GaussNewtonOptions.Space"/>).</summary>
public enum GaussNewtonSpace
{
    /// <summary>The smaller: the parameters when there are more residual rows than parameters, else the samples.</summary>
    Auto,

    /// <summary>J·Jᵀ + cI, of order P (rows): for fewer rows than parameters.</summary>
    Samples,

    /// <summary>JᵀJ + cI, of order n (parameters): for more rows than parameters.</summary>
    Parameters,
}
