using Engine.Numerics;
using System.Globalization;
using System.Text;
using Engine.TextEncoding;

namespace Engine.Pipelines;

/// <summary>
/// AUTOMATIC1111's generation parameters text (processing.py <c>create_infotext</c>): the prompt, the negative prompt
/// line when there is one, then <c>Key: value</c> pairs in A1111's order, <c>None</c> values left out, values quoted by
/// <see cref="PythonFormat.Quote"/>, the whole text stripped of surrounding whitespace.
/// </summary>
public static class Infotext
{
    /// <summary>The infotext of one image.</summary>
    /// <param name="request">The job.</param>
    /// <param name="sampler">The sampler as resolved.</param>
    /// <param name="modelName">The model name recorded as <c>Model:</c>.</param>
    /// <param name="seed">This image's seed.</param>
    /// <param name="subseed">This image's variation seed.</param>
    /// <param name="version">The app version for <c>Version:</c>; null leaves it out.</param>
    public static string Create(GenerationRequest request, ResolvedSampler sampler, string modelName, long seed, long subseed, string? version)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sampler);
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                fields.Add(new(key, value));
            }
        }

        string I(long value) => value.ToString(CultureInfo.InvariantCulture);
        Add("Steps", I(request.Steps));
        Add("Sampler", sampler.Name);
        Add("Schedule type", sampler.ScheduleLabel);
        Add("CFG scale", PythonFormat.IntIfWhole(request.CfgScale));
        Add("Seed", I(seed));
        Add("Size", $"{I(request.Width)}x{I(request.Height)}");
        Add("Model", string.IsNullOrEmpty(modelName) ? null : modelName);
        if (request.SubseedStrength != 0)
        {
            Add("Variation seed", I(subseed));
            Add("Variation seed strength", PythonFormat.IntIfWhole(request.SubseedStrength));
        }

        if (request.SeedResizeFromWidth > 0 && request.SeedResizeFromHeight > 0)
        {
            Add("Seed resize from", $"{I(request.SeedResizeFromWidth)}x{I(request.SeedResizeFromHeight)}");
        }

        if (request.Mode == GenerationMode.ImageToImage)
        {
            Add("Denoising strength", PythonFormat.Float(request.DenoisingStrength));
        }

        if (request.EtaNoiseSeedDelta != 0 && sampler.UsesEtaNoiseSeedDelta)
        {
            Add("ENSD", I(request.EtaNoiseSeedDelta));
        }

        Add("RNG", request.RngSource switch
        {
            RandomSource.Cpu => "CPU",
            RandomSource.Nv => "NV",
            _ => null,
        });

        if (request.Emphasis != EmphasisMode.Original && (HasBrackets(request.Prompt) || HasBrackets(request.NegativePrompt)))
        {
            Add("Emphasis", EmphasisName(request.Emphasis));
        }

        foreach (var extra in sampler.InfotextFields)
        {
            Add(extra.Key, extra.Value);
        }

        Add("Version", version);

        var text = new StringBuilder(request.Prompt);
        if (request.NegativePrompt.Length > 0)
        {
            text.Append("\nNegative prompt: ").Append(request.NegativePrompt);
        }

        text.Append('\n').AppendJoin(", ", fields.Select(f => f.Key == f.Value ? f.Key : $"{f.Key}: {PythonFormat.Quote(f.Value)}"));
        return text.ToString().Trim();
    }

    /// <summary>A1111's option label for an emphasis mode.</summary>
    public static string EmphasisName(EmphasisMode mode) => mode switch
    {
        EmphasisMode.NoNorm => "No norm",
        EmphasisMode.Ignore => "Ignore",
        EmphasisMode.None => "None",
        _ => "Original",
    };

    private static bool HasBrackets(string text) =>
        text.Contains('(', StringComparison.Ordinal) || text.Contains('[', StringComparison.Ordinal);
}
