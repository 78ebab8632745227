using System.Globalization;

namespace WebUi.ModelImport;

/// <summary>
/// What is wrong with one input, as a UI label key (the English text, with <c>{0}</c> placeholders) and its arguments,
/// so the page shows it in the circuit's language and the command line in English.
/// </summary>
/// <param name="Key">The English message, a key of <see cref="Localization.UiStrings"/>.</param>
/// <param name="Arguments">Values for the placeholders.</param>
public sealed record InputProblem(string Key, params object[] Arguments)
{
    /// <summary>The message in English.</summary>
    public override string ToString() => Format(key => key);

    /// <summary>The message with <paramref name="translate"/> applied to the key (e.g. <c>key => T[key]</c>).</summary>
    public string Format(Func<string, string> translate)
    {
        ArgumentNullException.ThrowIfNull(translate);
        return string.Format(CultureInfo.InvariantCulture, translate(Key), Arguments);
    }
}
