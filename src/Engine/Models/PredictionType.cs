namespace Engine.Models;

/// <summary>What the U-Net predicts (diffusers <c>prediction_type</c>).</summary>
public enum PredictionType
{
    /// <summary><c>epsilon</c>: the added noise (SD 1.x, SD 2 base 512).</summary>
    Epsilon,

    /// <summary><c>v_prediction</c>: v = alpha·noise − sigma·x0 (SD 2 768-v).</summary>
    VPrediction,

    /// <summary><c>sample</c>: the denoised sample x0 directly.</summary>
    Sample,
}
