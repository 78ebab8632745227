using WebUi.ModelImport;

namespace WebUi.Tests.ModelImport;

public sealed class HubRepoIdTests
{
    [Theory]
    [InlineData("stabilityai/stable-diffusion-2-1")]
    [InlineData("runwayml/stable-diffusion-v1-5")]
    [InlineData("a/b")]
    [InlineData("Owner_1/name.v2")]
    public void Validate_OwnerSlashName_IsAccepted(string repoId) => Assert.Null(HubRepoId.Validate(repoId));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("noslash")]
    [InlineData("a/b/c")]
    [InlineData("../etc")]
    [InlineData("owner/..")]
    [InlineData("owner/na--me")]
    [InlineData("-owner/name")]
    [InlineData("owner/name.")]
    [InlineData("owner/na me")]
    [InlineData("owner\\name")]
    [InlineData("/name")]
    [InlineData("https://huggingface.co/owner/name")]
    public void Validate_NotARepoId_IsRefused(string? repoId) => Assert.NotNull(HubRepoId.Validate(repoId));

    [Fact]
    public void CacheFolderName_JoinsWithTwoDashes() =>
        Assert.Equal("stabilityai--stable-diffusion-2-1", HubRepoId.CacheFolderName("stabilityai/stable-diffusion-2-1"));

    [Theory]
    [InlineData("main", true)]
    [InlineData("refs/pr/1", true)]
    [InlineData("v1.0", true)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("", false)]
    [InlineData("../main", false)]
    [InlineData("a//b", false)]
    [InlineData("main/", false)]
    [InlineData("ma in", false)]
    public void ValidateRevision(string revision, bool valid) =>
        Assert.Equal(valid, HubRepoId.ValidateRevision(revision) is null);

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("fp16", true)]
    [InlineData("non_ema", true)]
    [InlineData("fp16.safetensors", false)]
    [InlineData("../fp16", false)]
    [InlineData("fp16 ", false)]
    public void ValidateVariant(string? variant, bool valid) =>
        Assert.Equal(valid, HubRepoId.ValidateVariant(variant) is null);
}
