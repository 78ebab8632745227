using Microsoft.AspNetCore.Components;
using WebUi.Localization;
using WebUi.Services;
using WebUi.Settings;

namespace WebUi.Components.Pages;

/// <summary>Model selection, language and theme (cookies), and the persisted <see cref="UserSettings"/>.</summary>
public sealed partial class Settings
{
    private int _previewEveryNSteps;
    private string _outputFolder = string.Empty;
    private string _fileNamePattern = string.Empty;
    private IReadOnlyDictionary<string, string> _problems = new Dictionary<string, string>();
    private string? _modelError;
    private bool _saved;

    [Inject]
    private ModelSelectionService Selection { get; set; } = null!;

    [Inject]
    private UserSettingsService SettingsService { get; set; } = null!;

    [Inject]
    private UiPreferences Preferences { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    protected override void OnInitialized()
    {
        var current = SettingsService.Current;
        _previewEveryNSteps = current.PreviewEveryNSteps;
        _outputFolder = current.OutputFolder;
        _fileNamePattern = current.FileNamePattern;
    }

    private bool HasProblem(string field) => _problems.ContainsKey(field);

    private string? Problem(string field) => _problems.GetValueOrDefault(field);

    private void Apply()
    {
        _saved = false;
        var settings = SettingsService.Current with
        {
            PreviewEveryNSteps = _previewEveryNSteps,
            OutputFolder = _outputFolder?.Trim() ?? string.Empty,
            FileNamePattern = _fileNamePattern?.Trim() ?? string.Empty,
        };
        _problems = UserSettingsService.Validate(settings);
        if (_problems.Count > 0)
        {
            return;
        }

        try
        {
            SettingsService.Save(settings);
            _saved = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _problems = new Dictionary<string, string> { [nameof(UserSettings.OutputFolder)] = ex.Message };
        }
    }

    private void SelectModel(string id) => Selection.TrySelect(id, out _modelError);

    private void SetLanguage(string language) =>
        Navigation.NavigateTo(UiPreferences.PreferenceUrl(language, null, "/settings"), forceLoad: true);

    private void SetTheme(bool dark) =>
        Navigation.NavigateTo(UiPreferences.PreferenceUrl(null, dark, "/settings"), forceLoad: true);
}
