using System.Globalization;
using WebUi.Security;
using WebUi.Services;

namespace WebUi.Api;

/// <summary>
/// <c>progress</c>, <c>interrupt</c> and <c>skip</c>. Progress reports the job running now, whoever queued it, as
/// A1111's global state does (docs A1111.md §1.3), but shows its preview image only to the job's owner; interrupt and
/// skip act on the running job only when it belongs to the caller (A1111 lets anyone stop anyone; here a user steers
/// only their own jobs).
/// </summary>
public static class ProgressEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/progress", Progress);
        api.MapPost("/interrupt", Interrupt);
        api.MapPost("/skip", Skip);
    }

    /// <summary>A1111: <c>progress = 0.01 + job_no/job_count + (sampling_step/sampling_steps)/job_count</c>, clamped to 1.</summary>
    internal static double Fraction(int jobNo, int jobCount, int samplingStep, int samplingSteps)
    {
        if (jobCount <= 0)
        {
            return 0;
        }

        var progress = 0.01 + ((double)jobNo / jobCount);
        if (samplingSteps > 0)
        {
            progress += (double)samplingStep / samplingSteps / jobCount;
        }

        return Math.Min(progress, 1);
    }

    private static IResult Progress(HttpContext http, GenerationQueue queue, ApiSkipTracker skips, TimeProvider time)
    {
        // Read by hand: a query value minimal APIs cannot bind would be answered before the error filter, without A1111's shape.
        var skipCurrentImage = false;
        if (http.Request.Query["skip_current_image"] is { Count: > 0 } raw)
        {
            skipCurrentImage = TolerantBooleanConverter.ParseText(raw.ToString())
                ?? throw ApiException.Invalid("skip_current_image", "Must be true or false.");
        }

        var job = queue.Running;
        if (job is null || job.StartedAt is not { } started)
        {
            var idle = new ProgressApiState(false, false, false, "", 0, "0", 0, 0, 0);
            return Results.Json(new ProgressApiResponse(0, 0, idle, null, null), ApiJson.Output);
        }

        var p = job.Progress;
        var jobCount = job.Request.BatchCount;
        var jobNo = p?.BatchIndex ?? 0;
        var step = p?.Step ?? 0;
        var steps = p?.StepsPerBatch ?? job.Request.Steps;
        var fraction = Fraction(jobNo, jobCount, step, steps);
        var elapsed = (time.GetUtcNow() - started).TotalSeconds;
        var eta = fraction > 0 ? (elapsed / fraction) - elapsed : 0;
        var state = new ProgressApiState(
            Skipped: skips.IsSkipped(job.Id, jobNo),
            Interrupted: job.Control?.IsInterrupted ?? false,
            StoppingGeneration: false,
            Job: jobCount > 1 ? string.Create(CultureInfo.InvariantCulture, $"Batch {jobNo + 1} out of {jobCount}") : "",
            JobCount: jobCount,
            JobTimestamp: started.ToLocalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            JobNo: jobNo,
            SamplingStep: step,
            SamplingSteps: steps);
        string? image = null;
        // The numbers are global (clients wait for "idle" on them), but the picture of someone else's job is theirs.
        var caller = CallerIdentity.From(http);
        var own = caller.IsAdmin || string.Equals(job.OwnerId, caller.OwnerId, StringComparison.Ordinal);
        if (!skipCurrentImage && own)
        {
            image = ApiImages.PreviewBase64(job.PreviewDataUrl);
        }

        var text = p is null ? "Starting..." : string.Create(CultureInfo.InvariantCulture, $"Step {p.CompletedSteps}/{p.TotalSteps}");
        var waiting = queue.Waiting.Count;
        if (waiting > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {waiting} waiting in the queue");
        }

        return Results.Json(new ProgressApiResponse(fraction, Math.Max(0, eta), state, image, text), ApiJson.Output);
    }

    private static IResult Interrupt(HttpContext http, GenerationQueue queue)
    {
        if (queue.Running is { } job)
        {
            var caller = CallerIdentity.From(http);
            queue.Interrupt(job.Id, caller.OwnerId, caller.IsAdmin);
        }

        return Results.Json(new Dictionary<string, object>(), ApiJson.Output);
    }

    private static IResult Skip(HttpContext http, GenerationQueue queue, ApiSkipTracker skips)
    {
        var caller = CallerIdentity.From(http);
        if (queue.Running is { } job && queue.Skip(job.Id, caller.OwnerId, caller.IsAdmin) == JobCommandResult.Accepted)
        {
            skips.Record(job.Id, job.Progress?.BatchIndex ?? 0);
        }

        return ApiJson.Null();
    }
}
