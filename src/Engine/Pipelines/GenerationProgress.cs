using Engine.Imaging;

namespace Engine.Pipelines;

/// <summary>Reported after every sampling step.</summary>
public sealed record GenerationProgress
{
    /// <summary>0-based batch index within the job.</summary>
    public required int BatchIndex { get; init; }

    /// <summary>Number of batches in the job.</summary>
    public required int BatchCount { get; init; }

    /// <summary>1-based step just finished within the batch.</summary>
    public required int Step { get; init; }

    /// <summary>Steps of each batch.</summary>
    public required int StepsPerBatch { get; init; }

    /// <summary>Steps finished over the whole job.</summary>
    public required int CompletedSteps { get; init; }

    /// <summary>Steps of the whole job.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Time since the job started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Estimated time left, from the sampling rate so far.</summary>
    public required TimeSpan Eta { get; init; }

    /// <summary>Sampling steps per second so far.</summary>
    public required double IterationsPerSecond { get; init; }

    /// <summary>Fraction done in [0, 1].</summary>
    public double Fraction => TotalSteps == 0 ? 0 : (double)CompletedSteps / TotalSteps;

    /// <summary>The "Approx cheap" preview of the batch's first image, on steps the preview interval selects; else null.</summary>
    public RgbImage? Preview { get; init; }
}
