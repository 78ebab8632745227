using System.Text.RegularExpressions;
using Engine.Models;

namespace WebUi.Api;

/// <summary>
/// Model titles and names as the API shows them (a model folder's id serves as both; no hash is computed) and A1111's
/// forgiving lookup of a requested checkpoint (modules/sd_models.py <c>get_closet_checkpoint_match</c>): the exact title,
/// then without a trailing <c>[hash]</c> or file extension, then ignoring case, then the shortest title containing it.
/// </summary>
public static partial class ApiModelResolver
{
    /// <summary>The A1111 title of <paramref name="model"/>.</summary>
    public static string Title(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Id;
    }

    /// <summary>The ready model <paramref name="requested"/> names, or null.</summary>
    public static ModelDescriptor? Find(IEnumerable<ModelDescriptor> models, string? requested)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (string.IsNullOrWhiteSpace(requested))
        {
            return null;
        }

        var ready = models.Where(m => m.IsReady).ToList();
        var name = requested.Trim();
        var exact = ready.FirstOrDefault(m => string.Equals(Title(m), name, StringComparison.Ordinal));
        if (exact is not null)
        {
            return exact;
        }

        name = HashSuffix().Replace(name, "");
        name = Extension().Replace(name, "");
        name = name.Replace('\\', '/');
        if (name.Contains('/', StringComparison.Ordinal))
        {
            name = name[(name.LastIndexOf('/') + 1)..];
        }

        return ready.FirstOrDefault(m => string.Equals(Title(m), name, StringComparison.Ordinal))
            ?? ready.FirstOrDefault(m => string.Equals(Title(m), name, StringComparison.OrdinalIgnoreCase))
            ?? (name.Length == 0 ? null : ready.Where(m => Title(m).Contains(name, StringComparison.Ordinal)).OrderBy(m => Title(m).Length).FirstOrDefault());
    }

    /// <summary>Why <paramref name="requested"/> names no model, with the titles that would.</summary>
    public static string NotFoundMessage(IEnumerable<ModelDescriptor> models, string requested)
    {
        ArgumentNullException.ThrowIfNull(models);
        return $"No model '{requested}'. Available: {string.Join(", ", models.Where(m => m.IsReady).Select(Title))}.";
    }

    [GeneratedRegex(@"\s*\[[^\]]*\]$")]
    private static partial Regex HashSuffix();

    [GeneratedRegex(@"\.(safetensors|ckpt|onnx)$", RegexOptions.IgnoreCase)]
    private static partial Regex Extension();
}
