using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Engine.Models;

/// <summary>
/// Model ids are folder names under the models root. Only a strict ASCII pattern is accepted, so an id can never
/// carry a separator, a drive, a rooted path, a parent reference or a hidden (dot) folder into a path.
/// </summary>
public static partial class ModelId
{
    /// <summary>Longest accepted id.</summary>
    public const int MaxLength = 128;

    /// <summary>True when <paramref name="id"/> may name a model folder.</summary>
    public static bool IsValid([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the parameter when <paramref name="id"/> is not valid.</summary>
    public static void ThrowIfInvalid([NotNull] string? id, string parameterName = "id")
    {
        if (!IsValid(id))
        {
            throw new ArgumentException(
                $"Model id '{id}' is not valid: use 1-{MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'.",
                parameterName);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
