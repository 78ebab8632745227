namespace Engine.Demo;

/// <summary>What the demo U-Net predicts, as in the scheduler's <c>prediction_type</c>.</summary>
public enum DemoPredictionType
{
    /// <summary>The noise (<c>"epsilon"</c>), with a PNDM scheduler config like SD2-base.</summary>
    Epsilon,

    /// <summary>The velocity (<c>"v_prediction"</c>), with a DDIM scheduler config like SD2-768.</summary>
    VPrediction,
}
