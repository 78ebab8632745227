using Engine.Imaging;
using WebUi.Services;

namespace WebUi.Hubs;

/// <summary>Turns the queue's jobs and events into the messages hub clients receive.</summary>
public static class HubJobMessages
{
    private const string DataUrlPrefix = "data:image/png;base64,";

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
            Preview = e.Kind == GenerationEventKind.Preview && e.PreviewDataUrl is { } url && url.StartsWith(DataUrlPrefix, StringComparison.Ordinal)
                ? url[DataUrlPrefix.Length..]
                : null,
        };
    }

    /// <summary>The result of a finished <paramref name="job"/>: each image as base64 PNG carrying its infotext.</summary>
    public static HubJobResult Result(GenerationJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var images = job.Result?.Images.Select(image => new HubImage(
            Convert.ToBase64String(PngWriter.Encode(image.Image, [new KeyValuePair<string, string>("parameters", image.Infotext)])),
            image.Seed,
            image.Infotext,
            image.IsPartial)).ToList() ?? [];
        return new HubJobResult { JobId = job.Id, State = Name(job.State), Error = job.ErrorMessage, Images = images };
    }

    /// <summary>"position_changed" for PositionChanged: the names clients see.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
