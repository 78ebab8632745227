using WebUi.Api;
using WebUi.Services;

namespace WebUi.Hubs;

/// <summary>Turns the queue's jobs and events into the messages hub clients receive.</summary>
public static class HubJobMessages
{
    public static HubJobUpdate Update(GenerationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var progress = e.Progress;
        return new HubJobUpdate
        {
            JobId = e.Job.Id,
            Event = Name(e.Kind),
            State = Name(e.State),
            Position = e.Position,
            Step = progress?.Step ?? 0,
            Steps = progress?.StepsPerBatch ?? e.Job.Request.Steps,
            Batch = progress?.BatchIndex ?? 0,
            BatchCount = progress?.BatchCount ?? e.Job.Request.BatchCount,
            Progress = progress?.Fraction ?? 0,
            EtaSeconds = progress?.Eta.TotalSeconds ?? 0,
            Preview = e.Kind == GenerationEventKind.Preview ? ApiImages.PreviewBase64(e.PreviewDataUrl) : null,
        };
    }

    /// <summary>The result of a finished <paramref name="job"/>: each image as base64 PNG carrying its infotext.</summary>
    public static HubJobResult Result(GenerationJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var images = job.Result?.Images.Select(image => new HubImage(
            ApiImages.ToBase64Png(image.Image, image.Infotext),
            image.Seed,
            image.Infotext,
            image.IsPartial)).ToList() ?? [];
        return new HubJobResult { JobId = job.Id, State = Name(job.State), Error = job.ErrorMessage, Images = images };
    }

    /// <summary>"position_changed" for PositionChanged: the names clients see.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
