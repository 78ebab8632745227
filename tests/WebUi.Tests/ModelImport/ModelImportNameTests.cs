using WebUi.ModelImport;

namespace WebUi.Tests.ModelImport;

public sealed class ModelImportNameTests : IDisposable
{
    private readonly ImportTestFolder _folder = new();

    [Theory]
    [InlineData("my-model")]
    [InlineData("SD_1.5")]
    [InlineData("a")]
    public void Validate_SafeNewName_IsAccepted(string name) =>
        Assert.Null(ModelImportName.Validate(name, _folder.ModelsPath));

    [Theory]
    [InlineData(null, "Enter a name")]
    [InlineData("  ", "Enter a name")]
    [InlineData("../escape", "letters, digits")]
    [InlineData("a/b", "letters, digits")]
    [InlineData("a\\b", "letters, digits")]
    [InlineData(".hidden", "letters, digits")]
    [InlineData("-dash", "letters, digits")]
    [InlineData("a..b", "letters, digits")]
    [InlineData("日本語", "letters, digits")]
    [InlineData("with space", "letters, digits")]
    [InlineData("/abs", "letters, digits")]
    public void Validate_UnsafeName_SaysWhatIsAllowed(string? name, string expected) =>
        Assert.Contains(expected, ModelImportName.Validate(name, _folder.ModelsPath)!.ToString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("taken")]
    [InlineData("TAKEN")]
    [InlineData("file.safetensors")]
    public void Validate_ExistingFolderOrFile_IsRefused(string name)
    {
        Directory.CreateDirectory(Path.Combine(_folder.ModelsPath, "taken"));
        _folder.WriteFile("file.safetensors");

        var problem = ModelImportName.Validate(name, _folder.ModelsPath);

        Assert.NotNull(problem);
        Assert.Contains("already exists", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooLong_IsRefused() =>
        Assert.NotNull(ModelImportName.Validate(new string('a', 129), _folder.ModelsPath));

    [Theory]
    [InlineData("v1-5-pruned-emaonly", "v1-5-pruned-emaonly")]
    [InlineData("my model (final)", "my_model__final_")]
    [InlineData("..hidden", "hidden")]
    [InlineData("a..b", "a.b")]
    [InlineData("日本", "")]
    [InlineData(null, "")]
    public void Suggest_MakesAValidName(string? raw, string expected) =>
        Assert.Equal(expected, ModelImportName.Suggest(raw));

    public void Dispose() => _folder.Dispose();
}
