using System.Diagnostics;
using System.Globalization;
using Engine.Imaging;
using Engine.Schedulers;
using WebUi.Imaging;
using WebUi.Infotext;
using WebUi.Security;
using WebUi.Services;

namespace WebUi.Api;

/// <summary>
/// Read-only endpoints: <c>samplers</c>, <c>schedulers</c>, <c>prompt-styles</c> (none are stored), <c>memory</c>,
/// <c>cmd-flags</c> and <c>png-info</c>, which reads the PNG's text chunks with the engine's own reader and never
/// decodes pixels.
/// </summary>
public static class InfoEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/samplers", () => Results.Json(SamplerRegistry.Default.All.Select(SamplerApiItem.From).ToList(), ApiJson.Output));
        api.MapGet("/schedulers", () => Results.Json(Enum.GetValues<ScheduleType>().Select(SchedulerApiItem.From).ToList(), ApiJson.Output));
        api.MapGet("/prompt-styles", () => Results.Json(Array.Empty<object>(), ApiJson.Output));
        api.MapGet("/memory", Memory);
        api.MapGet("/cmd-flags", (IConfiguration configuration) => Results.Json(CommandFlags(configuration), ApiJson.Output));
        api.MapPost("/png-info", (Delegate)PngInfoAsync);
    }

    /// <summary>
    /// The app's settings as A1111's <c>cmd-flags</c> dictionary: every key of the "WebUi", "Engine" and "Security" sections in
    /// snake_case (<c>WebUi:Port</c> → <c>port</c>), minus anything that could be a secret (<see cref="SecretSettings"/>).
    /// </summary>
    internal static Dictionary<string, object?> CommandFlags(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var flags = new Dictionary<string, object?>(StringComparer.Ordinal) { ["api"] = true, ["nowebui"] = false };
        foreach (var section in new[] { WebUiOptions.SectionName, "Engine", SecurityOptions.SectionName })
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: true))
            {
                if (value is null || SecretSettings.IsSecret(section + ":" + key))
                {
                    continue;
                }

                flags[SnakeCase(key)] = Typed(value);
            }
        }

        return flags;
    }

    private static string SnakeCase(string key)
    {
        var chars = new System.Text.StringBuilder();
        foreach (var part in key.Split(':'))
        {
            if (chars.Length > 0)
            {
                chars.Append('_');
            }

            for (var i = 0; i < part.Length; i++)
            {
                var c = part[i];
                if (char.IsUpper(c) && i > 0 && (char.IsLower(part[i - 1]) || (i + 1 < part.Length && char.IsLower(part[i + 1]))))
                {
                    chars.Append('_');
                }

                chars.Append(char.ToLowerInvariant(c));
            }
        }

        return chars.ToString();
    }

    private static object Typed(string value)
    {
        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : value;
    }

    private static IResult Memory(ModelSelectionService models)
    {
        using var process = Process.GetCurrentProcess();
        var used = process.WorkingSet64;
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        // free/used/total as A1111 reports them (used is this process's working set); the managed heap now and as the
        // last garbage collection left it are ours, for watching memory under load.
        var ram = new Dictionary<string, long>
        {
            ["free"] = Math.Max(0, total - used),
            ["used"] = used,
            ["total"] = total,
            ["gc_heap"] = GC.GetTotalMemory(forceFullCollection: false),
            ["gc_heap_after_last_gc"] = GC.GetGCMemoryInfo().HeapSizeBytes,
        };
        var cuda = new Dictionary<string, string>
        {
            ["error"] = models.ActiveProvider == Engine.Onnx.ExecutionProviderKind.Cuda
                ? "CUDA memory statistics are not available through ONNX Runtime."
                : "CUDA is not in use; running on the CPU.",
        };
        return Results.Json(new Dictionary<string, object> { ["ram"] = ram, ["cuda"] = cuda }, ApiJson.Output);
    }

    private static async Task<IResult> PngInfoAsync(HttpContext http)
    {
        var body = await ApiJson.ReadBodyAsync<PngInfoApiRequest>(http.Request);
        var empty = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(body.Image))
        {
            // A1111 answers an empty image with an empty info.
            return Results.Json(new PngInfoApiResponse("", empty, empty), ApiJson.Output);
        }

        var bytes = ApiImages.FromBase64(body.Image, "image");
        var format = UploadedImageDecoder.Sniff(bytes) ?? throw ApiException.Invalid("image", "Not a PNG, JPEG or WebP image.");
        if (format != UploadedImageFormat.Png)
        {
            // JPEG and WebP keep the infotext in EXIF, which is not read from uploads.
            return Results.Json(new PngInfoApiResponse("", empty, empty), ApiJson.Output);
        }

        var entries = PngTextReader.Read(bytes);
        var info = entries.LastOrDefault(e => e.Key == "parameters")?.Value ?? "";
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Key != "parameters"))
        {
            items[entry.Key] = entry.Value;
        }

        var parameters = info.Length > 0 ? InfotextParser.ParseGenerationParameters(info) : empty;
        return Results.Json(new PngInfoApiResponse(info, items, parameters), ApiJson.Output);
    }
}
