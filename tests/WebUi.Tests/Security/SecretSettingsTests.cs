using WebUi.Security;

namespace WebUi.Tests.Security;

public sealed class SecretSettingsTests
{
    [Theory]
    [InlineData("--auth")]
    [InlineData("--api-auth")]
    [InlineData("api_auth")]
    [InlineData("gradio_auth")]
    [InlineData("gradio_auth_path")]
    [InlineData("Security:ApiAuth")]
    [InlineData("Security:AuthFile")]
    [InlineData("SDWEBUI_Security__Auth")]
    [InlineData("hf_token")]
    [InlineData("civitaiApiKey")]
    [InlineData("db_password")]
    [InlineData("client-secret")]
    public void IsSecret_KeysNamingCredentials_AreSecret(string key) => Assert.True(SecretSettings.IsSecret(key));

    [Theory]
    [InlineData("--port")]
    [InlineData("models_dir")]
    [InlineData("WebUi:DataPath")]
    [InlineData("author")]
    [InlineData("monkey")]
    [InlineData("passage")]
    [InlineData("Security:Admins")]
    public void IsSecret_OtherKeys_AreNot(string key) => Assert.False(SecretSettings.IsSecret(key));

    [Theory]
    [InlineData("api_auth", "robot:hunter2", SecretSettings.Mask)]
    [InlineData("api_auth", null, null)]
    [InlineData("api_auth", "", "")]
    [InlineData("unsafe_listen_without_auth", "true", "true")]
    [InlineData("port", "7860", "7860")]
    public void Redact_HidesSetSecretsOnly(string key, string? value, string? expected) =>
        Assert.Equal(expected, SecretSettings.Redact(key, value));
}
