using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using WebUi.Localization;

namespace WebUi.Tests.Localization;

public sealed partial class UiStringsTests
{
    [Fact]
    public void Dictionaries_HaveTheSameKeysAndNoEmptyText()
    {
        Assert.Equal(UiStrings.English.Keys.Order(StringComparer.Ordinal), UiStrings.Japanese.Keys.Order(StringComparer.Ordinal));
        Assert.All(UiStrings.English, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), e.Key));
        Assert.All(UiStrings.Japanese, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), e.Key));
    }

    [Fact]
    public void EveryKeyUsedInComponents_ExistsInBothLanguages()
    {
        var components = Path.Combine(RepositoryRoot(), "src", "WebUi", "Components");
        var used = Directory.EnumerateFiles(components, "*.razor*", SearchOption.AllDirectories)
            .SelectMany(file => KeyUse().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Key: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(used);
        var missing = used.Where(u => !UiStrings.English.ContainsKey(u.Key) || !UiStrings.Japanese.ContainsKey(u.Key))
            .Select(u => $"{u.File}: \"{u.Key}\"").Distinct().ToList();
        Assert.True(missing.Count == 0, "Missing labels:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void EveryInputProblemOfModelImport_ExistsInBothLanguages()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "WebUi", "ModelImport");
        var used = Directory.EnumerateFiles(folder, "*.cs")
            .SelectMany(file => ProblemUse().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.True(used.Count >= 10, $"Only {used.Count} messages found; has the pattern changed?");
        var missing = used.Where(key => !UiStrings.English.ContainsKey(key) || !UiStrings.Japanese.ContainsKey(key)).Distinct().ToList();
        Assert.True(missing.Count == 0, "Missing messages:\n" + string.Join('\n', missing));
    }

    [Theory]
    [InlineData("Generate", "生成")]
    [InlineData("Interrupt", "中断")]
    [InlineData("Negative prompt", "ネガティブプロンプト")]
    [InlineData("Sampling steps", "サンプリングステップ数")]
    [InlineData("CFG Scale", "CFGスケール")]
    [InlineData("Variation seed", "バリエーションのシード")]
    [InlineData("Crop and resize", "縦横比を維持(切り取り)")]
    [InlineData("Send to img2img", "img2imgに転送")]
    [InlineData("PNG Info", "PNG内の情報を表示")]
    [InlineData("Apply settings", "設定を適用")]
    [InlineData("Waiting...", "待機中...")]
    public void Japanese_UsesA1111LocalisationTerms(string key, string expected) =>
        Assert.Equal(expected, UiStrings.Japanese[key]);

    [Fact]
    public void Indexer_UnknownKey_FallsBackToTheKey()
    {
        var preferences = new UiPreferences();
        preferences.Apply("ja", isDarkMode: true);
        var text = new UiText(preferences);

        Assert.Equal("生成", text["Generate"]);
        Assert.Equal("No such label", text["No such label"]);
    }

    [Theory]
    [InlineData(null, null, "en")]
    [InlineData(null, "ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7", "ja")]
    [InlineData(null, "en-US,en;q=0.9,ja;q=0.8", "en")]
    [InlineData(null, "fr-FR,fr;q=0.9,ja;q=0.5", "ja")]
    [InlineData(null, "de,en;q=0.2,ja;q=0.8", "ja")]
    [InlineData(null, "ja;q=0", "en")]
    [InlineData("en", "ja-JP", "en")]
    [InlineData("ja", "en-US", "ja")]
    [InlineData("xx", "ja", "ja")]
    public void ResolveLanguage_CookieThenAcceptLanguage(string? cookie, string? acceptLanguage, string expected) =>
        Assert.Equal(expected, UiPreferences.ResolveLanguage(cookie, acceptLanguage));

    [Theory]
    [InlineData(null, true)]
    [InlineData("dark", true)]
    [InlineData("light", false)]
    public void ResolveDarkMode_DarkUnlessLight(string? cookie, bool expected) =>
        Assert.Equal(expected, UiPreferences.ResolveDarkMode(cookie));

    [Theory]
    [InlineData("/pnginfo", true)]
    [InlineData("/", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("", false)]
    public void PreferenceEndpoint_OnlyRedirectsToLocalPaths(string url, bool expected) =>
        Assert.Equal(expected, PreferenceEndpoints.IsLocal(url));

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    // T["Key"] and T.Format("Key", ...) in markup and code-behind.
    [GeneratedRegex(@"\bT(?:\[""|\.Format\("")((?:[^""\\]|\\.)+)""")]
    private static partial Regex KeyUse();

    // new InputProblem("Message", ...) in the model import code.
    [GeneratedRegex(@"new InputProblem\(""((?:[^""\\]|\\.)+)""")]
    private static partial Regex ProblemUse();
}
