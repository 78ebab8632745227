using Engine.Hub;

namespace WebUi.ModelImport;

/// <summary>
/// The Hugging Face hub, bound to the "Hub" configuration section (appsettings.json or <c>SDWEBUI_Hub__Endpoint</c>).
/// <see cref="Token"/> is a secret (<see cref="Security.SecretSettings"/>): it has no command-line flag, and the
/// section is not among those <c>/sdapi/v1/cmd-flags</c> lists.
/// </summary>
public sealed class HubOptions
{
    public const string SectionName = "Hub";

    /// <summary>The hub's address; a mirror that answers the same way may be named instead.</summary>
    public string Endpoint { get; set; } = "https://huggingface.co";

    /// <summary>An access token for gated or private repositories, when none was saved on the Models page.</summary>
    public string? Token { get; set; }

    /// <summary>What is wrong with the values, or null.</summary>
    public string? Validate()
    {
        try
        {
            HubDownloadOptions.ParseEndpoint(Endpoint);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"Hub:Endpoint: {ex.Message}";
        }
    }
}
