using WebUi.ModelImport;
using WebUi.Security;

namespace WebUi.Tests.ModelImport;

public sealed class HubOptionsTests
{
    [Theory]
    [InlineData("https://huggingface.co", true)]
    [InlineData("http://127.0.0.1:8080/mirror", true)]
    [InlineData("ftp://example.com", false)]
    [InlineData("huggingface.co", false)]
    [InlineData("", true)] // empty: the public hub, as an empty HF_ENDPOINT means for huggingface_hub
    public void Validate_EndpointMustBeHttp(string endpoint, bool valid) =>
        Assert.Equal(valid, new HubOptions { Endpoint = endpoint }.Validate() is null);

    [Fact]
    public void Token_IsASecretSetting()
    {
        Assert.True(SecretSettings.IsSecret("Hub:Token"));
        Assert.Equal(SecretSettings.Mask, SecretSettings.Redact("Hub:Token", "hf_abc"));
    }
}
