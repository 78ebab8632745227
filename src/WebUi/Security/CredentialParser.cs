namespace WebUi.Security;

/// <summary>
/// Reads <c>user:password[,user2:password2]</c> lists (A1111's <c>--gradio-auth</c> / <c>--api-auth</c> format; the
/// password may itself contain ':'). Error messages name the option and the entry's place, never its text.
/// </summary>
public static class CredentialParser
{
    public static List<Credential> Parse(string? text, string source, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<Credential>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        var entries = text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == entry.Length - 1)
            {
                errors.Add($"{source}: entry {i + 1} is not of the form user:password (both parts non-empty).");
                continue;
            }

            var name = entry[..colon].Trim();
            if (name.Length == 0 || name.Any(char.IsControl))
            {
                errors.Add($"{source}: entry {i + 1} has an empty or unprintable user name.");
                continue;
            }

            if (result.Exists(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
            {
                errors.Add($"{source}: entry {i + 1} repeats the user name of an earlier entry.");
                continue;
            }

            result.Add(new Credential(name, entry[(colon + 1)..]));
        }

        return result;
    }
}
