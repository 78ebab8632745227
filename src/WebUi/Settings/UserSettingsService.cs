using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace WebUi.Settings;

/// <summary>
/// Loads, validates and saves <see cref="UserSettings"/> as JSON under the data folder. Saving writes a temporary file
/// and moves it over the old one, so a crash never leaves half a file; a missing or unreadable file gives the defaults
/// (with <see cref="LoadProblem"/> saying why). Singleton: every circuit sees the same settings.
/// </summary>
public sealed partial class UserSettingsService
{
    public const int MaxPreviewEveryNSteps = 1000;
    public const string FileName = "settings.json";

    /// <summary>The tags a file-name pattern may use.</summary>
    public static IReadOnlyList<string> FileNameTags { get; } =
        ["[number]", "[seed]", "[steps]", "[cfg]", "[sampler]", "[model_name]", "[date]", "[datetime]", "[prompt_words]", "[prompt_hash]", "[batch_number]", "[width]", "[height]"];

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };
    private readonly Lock _lock = new();
    private readonly ILogger<UserSettingsService> _logger;
    private UserSettings _current;

    public UserSettingsService(IOptions<WebUiOptions> options, ILogger<UserSettingsService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        DataPath = Path.GetFullPath(options.Value.DataPath);
        FilePath = Path.Combine(DataPath, FileName);
        _current = Load();
    }

    /// <summary>Raised after a successful <see cref="Save"/>, on the saving thread.</summary>
    public event Action<UserSettings>? Changed;

    public string DataPath { get; }

    public string FilePath { get; }

    public UserSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Why the settings file could not be read at start-up (defaults are in use), or null.</summary>
    public string? LoadProblem { get; private set; }

    /// <summary>The output folder as an absolute path.</summary>
    public string OutputPath => Path.GetFullPath(Path.Combine(DataPath, Current.OutputFolder));

    /// <summary>Problems with <paramref name="settings"/>, keyed by property name; empty when valid.</summary>
    public static IReadOnlyDictionary<string, string> Validate(UserSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.PreviewEveryNSteps is < 0 or > MaxPreviewEveryNSteps)
        {
            problems[nameof(UserSettings.PreviewEveryNSteps)] = string.Create(
                CultureInfo.InvariantCulture, $"Must be between 0 (no previews) and {MaxPreviewEveryNSteps}.");
        }

        if (string.IsNullOrWhiteSpace(settings.OutputFolder))
        {
            problems[nameof(UserSettings.OutputFolder)] = "Must not be empty.";
        }
        else if (settings.OutputFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || settings.OutputFolder.Contains('\0', StringComparison.Ordinal))
        {
            problems[nameof(UserSettings.OutputFolder)] = "Contains characters that are not allowed in a path.";
        }

        var pattern = settings.FileNamePattern;
        if (string.IsNullOrWhiteSpace(pattern))
        {
            problems[nameof(UserSettings.FileNamePattern)] = "Must not be empty.";
        }
        else
        {
            var unknown = TagRegex().Matches(pattern).Select(m => m.Value)
                .Where(tag => !FileNameTags.Contains(tag, StringComparer.Ordinal)).ToList();
            var literal = TagRegex().Replace(pattern, string.Empty);
            if (unknown.Count > 0)
            {
                problems[nameof(UserSettings.FileNamePattern)] = "Unknown tag: " + string.Join(", ", unknown) + ".";
            }
            else if (literal.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|', '[', ']']) >= 0)
            {
                problems[nameof(UserSettings.FileNamePattern)] = "Must not contain / \\ : * ? \" < > | or stray brackets.";
            }
            else if (!pattern.Contains("[number]", StringComparison.Ordinal) && !pattern.Contains("[datetime]", StringComparison.Ordinal))
            {
                problems[nameof(UserSettings.FileNamePattern)] = "Must contain [number] or [datetime] so that names never collide.";
            }
        }

        return problems;
    }

    /// <summary>Validates and saves <paramref name="settings"/> atomically; throws <see cref="ArgumentException"/> when invalid.</summary>
    public void Save(UserSettings settings)
    {
        var problems = Validate(settings);
        if (problems.Count > 0)
        {
            var (name, message) = problems.First();
            throw new ArgumentException($"{name}: {message}", nameof(settings));
        }

        lock (_lock)
        {
            Directory.CreateDirectory(DataPath);
            var temporary = FilePath + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(settings, s_json));
            File.Move(temporary, FilePath, overwrite: true);
            _current = settings;
        }

        _logger.LogInformation("Settings saved to {SettingsFile}", FilePath);
        Changed?.Invoke(settings);
    }

    private UserSettings Load()
    {
        if (!File.Exists(FilePath))
        {
            return new UserSettings();
        }

        try
        {
            var loaded = JsonSerializer.Deserialize<UserSettings>(File.ReadAllText(FilePath)) ?? new UserSettings();
            var problems = Validate(loaded);
            if (problems.Count == 0)
            {
                return loaded;
            }

            LoadProblem = $"{FilePath}: " + string.Join(" ", problems.Select(p => $"{p.Key}: {p.Value}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            LoadProblem = $"{FilePath} could not be read: {ex.Message}";
        }

        _logger.LogWarning("{Problem}; using the default settings", LoadProblem);
        return new UserSettings();
    }

    [GeneratedRegex(@"\[[^\[\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();
}
