using System.Text.Json;

namespace Engine.Models;

/// <summary>
/// <c>model_index.json</c>: the pipeline class and, per component, the library and class that made it. Components
/// written as <c>[null, null]</c> (absent safety checker, feature extractor) and non-component keys are left out.
/// </summary>
public sealed record ModelIndex
{
    /// <summary>Name of the file at the root of a model folder.</summary>
    public const string FileName = "model_index.json";

    /// <summary><c>_class_name</c>: the diffusers pipeline (e.g. StableDiffusionPipeline).</summary>
    public string? ClassName { get; init; }

    /// <summary><c>_diffusers_version</c> that wrote the file.</summary>
    public string? DiffusersVersion { get; init; }

    /// <summary>True for the engine's own analytic demo model (the <c>_demo_model</c> marker its generator writes).</summary>
    public bool IsDemoModel { get; init; }

    /// <summary>Present components by name (unet, vae, text_encoder, tokenizer, scheduler, ...).</summary>
    public IReadOnlyDictionary<string, ModelIndexComponent> Components { get; init; } =
        new Dictionary<string, ModelIndexComponent>(StringComparer.Ordinal);

    /// <summary>Parses JSON text.</summary>
    /// <exception cref="ModelConfigException">Invalid JSON or a malformed component entry.</exception>
    public static ModelIndex Parse(string json, string fileName = FileName) => From(ConfigJson.Parse(json, fileName));

    /// <summary>Reads a file.</summary>
    /// <exception cref="ModelConfigException">The file is unreadable or invalid.</exception>
    public static ModelIndex Load(string path, string fileName = FileName) => From(ConfigJson.Load(path, fileName));

    internal static ModelIndex From(ConfigJson json)
    {
        var components = new Dictionary<string, ModelIndexComponent>(StringComparer.Ordinal);
        foreach (var property in json.Properties())
        {
            if (property.Name.StartsWith('_') || property.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var items = property.Value.EnumerateArray().ToArray();
            if (items.Length != 2)
            {
                throw json.Invalid(property.Name, "must be a [library, class] pair.");
            }

            if (items[0].ValueKind == JsonValueKind.Null && items[1].ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (items[0].ValueKind != JsonValueKind.String || items[1].ValueKind != JsonValueKind.String)
            {
                throw json.Invalid(property.Name, "must be a [library, class] pair of strings.");
            }

            components[property.Name] = new ModelIndexComponent(items[0].GetString()!, items[1].GetString()!);
        }

        return new ModelIndex
        {
            ClassName = json.GetString("_class_name"),
            DiffusersVersion = json.GetString("_diffusers_version"),
            IsDemoModel = json.GetBoolean(Demo.DemoModelWriter.MarkerKey, defaultValue: false),
            Components = components,
        };
    }
}
