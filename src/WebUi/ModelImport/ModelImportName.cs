using System.Text;
using Engine.Models;

namespace WebUi.ModelImport;

/// <summary>
/// The name of an imported model, which becomes its folder under the models folder: a valid <see cref="ModelId"/> (so
/// it can carry no separator, parent reference or hidden dot folder) that no file or folder there has yet.
/// </summary>
public static class ModelImportName
{
    /// <summary>What is wrong with <paramref name="name"/> as a new model under <paramref name="modelsRoot"/>, or null.</summary>
    public static InputProblem? Validate(string? name, string modelsRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelsRoot);
        if (string.IsNullOrWhiteSpace(name))
        {
            return new InputProblem("Enter a name for the model.");
        }

        if (!ModelId.IsValid(name))
        {
            return new InputProblem("Use 1 to {0} letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'.", ModelId.MaxLength);
        }

        var target = Path.Combine(modelsRoot, name);
        if (Path.Exists(target))
        {
            return new InputProblem("A model or file named '{0}' already exists in the models folder.", name);
        }

        // Case-insensitive file systems would merge "Model" and "model"; refuse such look-alikes everywhere.
        if (Directory.Exists(modelsRoot)
            && Directory.EnumerateFileSystemEntries(modelsRoot).Any(e => string.Equals(Path.GetFileName(e), name, StringComparison.OrdinalIgnoreCase)))
        {
            return new InputProblem("A model or file named '{0}' already exists in the models folder.", name);
        }

        return null;
    }

    /// <summary>
    /// A valid model id made from <paramref name="raw"/> (a file or repository name): other characters become '_', and
    /// it is cut to <see cref="ModelId.MaxLength"/>; empty when nothing usable is left.
    /// </summary>
    public static string Suggest(string? raw)
    {
        var text = new StringBuilder();
        foreach (var c in (raw ?? string.Empty).Trim())
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        var name = text.ToString().TrimStart('.', '_', '-');
        while (name.Contains("..", StringComparison.Ordinal))
        {
            name = name.Replace("..", ".", StringComparison.Ordinal);
        }

        name = name.Length > ModelId.MaxLength ? name[..ModelId.MaxLength] : name;
        return ModelId.IsValid(name) ? name : string.Empty;
    }
}
