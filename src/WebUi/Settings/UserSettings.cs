namespace WebUi.Settings;

/// <summary>The settings a user changes on the Settings page, stored in <c>&lt;DataPath&gt;/settings.json</c>.</summary>
public sealed record UserSettings
{
    /// <summary>A1111's show_progress_every_n_steps default (docs A1111.md §6); 0 turns live previews off.</summary>
    public int PreviewEveryNSteps { get; init; } = 10;

    /// <summary>Where images go; relative paths are inside the data folder.</summary>
    public string OutputFolder { get; init; } = "outputs";

    /// <summary>
    /// The image file name below <c>&lt;output folder&gt;/txt2img-images/&lt;date&gt;/</c>, without extension, made of
    /// A1111-style tags (<see cref="UserSettingsService.FileNameTags"/>); A1111 writes <c>[number]-[seed]</c>.
    /// </summary>
    public string FileNamePattern { get; init; } = "[number]-[seed]";
}
