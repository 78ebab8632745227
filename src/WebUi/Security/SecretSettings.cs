using System.Collections.Frozen;
using System.Text;

namespace WebUi.Security;

/// <summary>
/// Which settings are secrets, for anything that lists settings (A1111's <c>/sdapi/v1/cmd-flags</c>, logs, the status
/// page): a key with a word auth, password, token, secret, credential(s) or key, in any spelling: <c>--api-auth</c>,
/// <c>api_auth</c>, <c>Security:ApiAuth</c>, <c>gradio_auth_path</c>.
/// </summary>
public static class SecretSettings
{
    /// <summary>What <see cref="Redact"/> shows instead of a secret.</summary>
    public const string Mask = "********";

    private static readonly FrozenSet<string> s_secretWords = FrozenSet.Create(
        StringComparer.Ordinal, "auth", "authorization", "password", "passwd", "pwd", "token", "secret", "credential", "credentials", "key", "apikey");

    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Words(key).Any(s_secretWords.Contains);
    }

    /// <summary>
    /// <paramref name="value"/> itself, or <see cref="Mask"/> for a set secret. On/off switches (true/false) carry no
    /// secret and are shown, so <c>--unsafe-listen-without-auth</c> stays visible.
    /// </summary>
    public static string? Redact(string key, string? value)
    {
        if (!IsSecret(key) || string.IsNullOrEmpty(value) || bool.TryParse(value, out _))
        {
            return value;
        }

        return Mask;
    }

    // "Security:ApiAuth" -> security, api, auth; "gradio_auth_path" -> gradio, auth, path.
    private static IEnumerable<string> Words(string key)
    {
        var word = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var camelBreak = i > 0 && char.IsAsciiLetterUpper(c) && char.IsAsciiLetterLower(key[i - 1]);
            if (!char.IsAsciiLetter(c) || camelBreak)
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }

            if (char.IsAsciiLetter(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
