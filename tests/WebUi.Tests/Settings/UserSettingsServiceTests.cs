using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebUi.Settings;

namespace WebUi.Tests.Settings;

public sealed class UserSettingsServiceTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "webui-settings-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public void Current_NoFile_GivesDefaults()
    {
        var service = Create();

        Assert.Equal(new UserSettings(), service.Current);
        Assert.Null(service.LoadProblem);
        Assert.Equal(Path.Combine(_dataPath, "outputs"), service.OutputPath);
    }

    [Fact]
    public void Save_ThenNewService_ReadsSavedSettingsAndLeavesNoTemporaryFile()
    {
        var saved = new UserSettings { PreviewEveryNSteps = 3, OutputFolder = "pictures", FileNamePattern = "[number]-[seed]-[sampler]" };
        var raised = new List<UserSettings>();
        var service = Create();
        service.Changed += raised.Add;

        service.Save(saved);

        Assert.Equal(saved, Create().Current);
        Assert.Equal([saved], raised);
        Assert.Equal(["settings.json"], Directory.GetFiles(_dataPath).Select(Path.GetFileName));
    }

    [Fact]
    public void Current_CorruptFile_GivesDefaultsAndSaysWhy()
    {
        Directory.CreateDirectory(_dataPath);
        File.WriteAllText(Path.Combine(_dataPath, "settings.json"), "{ not json");

        var service = Create();

        Assert.Equal(new UserSettings(), service.Current);
        Assert.Contains("settings.json", service.LoadProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "outputs", "[number]-[seed]", nameof(UserSettings.PreviewEveryNSteps))]
    [InlineData(1001, "outputs", "[number]-[seed]", nameof(UserSettings.PreviewEveryNSteps))]
    [InlineData(10, " ", "[number]-[seed]", nameof(UserSettings.OutputFolder))]
    [InlineData(10, "outputs", "", nameof(UserSettings.FileNamePattern))]
    [InlineData(10, "outputs", "[number]-[nope]", nameof(UserSettings.FileNamePattern))]
    [InlineData(10, "outputs", "[number]/[seed]", nameof(UserSettings.FileNamePattern))]
    [InlineData(10, "outputs", "[seed]", nameof(UserSettings.FileNamePattern))]
    public void Validate_BadValue_NamesTheField(int preview, string folder, string pattern, string field)
    {
        var problems = UserSettingsService.Validate(new UserSettings { PreviewEveryNSteps = preview, OutputFolder = folder, FileNamePattern = pattern });

        Assert.Equal([field], problems.Keys);
    }

    [Fact]
    public void Save_Invalid_ThrowsAndKeepsCurrent()
    {
        var service = Create();

        Assert.Throws<ArgumentException>(() => service.Save(new UserSettings { PreviewEveryNSteps = -5 }));
        Assert.Equal(new UserSettings(), service.Current);
        Assert.False(File.Exists(service.FilePath));
    }

    private UserSettingsService Create() =>
        new(Options.Create(new WebUiOptions { DataPath = _dataPath }), NullLogger<UserSettingsService>.Instance);
}
