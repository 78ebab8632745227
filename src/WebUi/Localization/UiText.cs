using System.Collections.Frozen;
using System.Globalization;

namespace WebUi.Localization;

/// <summary>
/// The UI's labels in the circuit's language: <c>T["Generate"]</c> gives "生成" in Japanese. A key missing from the
/// language falls back to English, and a key missing everywhere shows as itself (UiStringsTests keeps both complete).
/// </summary>
public sealed class UiText
{
    private readonly UiPreferences _preferences;

    public UiText(UiPreferences preferences)
    {
        _preferences = preferences;
    }

    public string Language => _preferences.Language;

    public bool IsJapanese => _preferences.Language == UiPreferences.Japanese;

    public string this[string key] => Lookup(Table(_preferences.Language), key);

    /// <summary>A label with composite-format placeholders ("{0}") filled in invariantly.</summary>
    public string Format(string key, params object[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, this[key], arguments);

    internal static string Lookup(FrozenDictionary<string, string> table, string key) =>
        table.TryGetValue(key, out var text) ? text
        : UiStrings.English.TryGetValue(key, out var english) ? english
        : key;

    internal static FrozenDictionary<string, string> Table(string language) =>
        language == UiPreferences.Japanese ? UiStrings.Japanese : UiStrings.English;
}
