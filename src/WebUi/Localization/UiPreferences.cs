using System.Globalization;

namespace WebUi.Localization;

/// <summary>
/// The language and theme of one browser, per circuit. Both live in cookies so they stick across reloads: the first
/// visit takes the language from Accept-Language, and the app bar's switches rewrite the cookies through
/// <see cref="PreferenceEndpoints"/>.
/// </summary>
public sealed class UiPreferences
{
    public const string LanguageCookie = "sdwebui-lang";
    public const string ThemeCookie = "sdwebui-theme";
    public const string English = "en";
    public const string Japanese = "ja";

    /// <summary>The languages offered, with their names written in themselves.</summary>
    public static IReadOnlyList<(string Code, string Name)> Languages { get; } = [(English, "English"), (Japanese, "日本語")];

    public string Language { get; private set; } = English;

    /// <summary>Dark is the default, as in A1111's dark theme that most users run.</summary>
    public bool IsDarkMode { get; private set; } = true;

    public void Apply(string? language, bool isDarkMode)
    {
        Language = Normalize(language) ?? English;
        IsDarkMode = isDarkMode;
    }

    /// <summary>The cookie's language when it names a supported one, else the first supported language in Accept-Language, else English.</summary>
    public static string ResolveLanguage(string? cookie, string? acceptLanguage)
    {
        if (Normalize(cookie) is { } fromCookie)
        {
            return fromCookie;
        }

        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return English;
        }

        // "ja-JP,ja;q=0.9,en-US;q=0.8": take the highest-quality supported tag; ties keep the header's order.
        var best = acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((part, index) =>
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                var quality = 1.0;
                foreach (var piece in pieces.Skip(1))
                {
                    if (piece.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && double.TryParse(piece.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
                    {
                        quality = q;
                    }
                }

                return (Language: Normalize(pieces[0]), Quality: quality, Index: index);
            })
            .Where(c => c.Language is not null && c.Quality > 0)
            .OrderByDescending(c => c.Quality)
            .ThenBy(c => c.Index)
            .FirstOrDefault();
        return best.Language ?? English;
    }

    /// <summary>Dark unless the cookie says "light".</summary>
    public static bool ResolveDarkMode(string? cookie) => !string.Equals(cookie, "light", StringComparison.OrdinalIgnoreCase);

    /// <summary>"ja", "ja-JP", "JA_jp" → "ja"; unsupported or empty → null.</summary>
    public static string? Normalize(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var primary = language.Trim().Split('-', '_')[0];
        return Languages.Select(l => l.Code).FirstOrDefault(code => string.Equals(code, primary, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The address that stores a language and/or theme in cookies and then returns to <paramref name="returnUrl"/>.</summary>
    public static string PreferenceUrl(string? language, bool? dark, string returnUrl)
    {
        var query = new List<string>();
        if (language is not null)
        {
            query.Add("lang=" + Uri.EscapeDataString(language));
        }

        if (dark is { } isDark)
        {
            query.Add("theme=" + (isDark ? "dark" : "light"));
        }

        query.Add("returnUrl=" + Uri.EscapeDataString(returnUrl));
        return PreferenceEndpoints.Path + "?" + string.Join('&', query);
    }
}
