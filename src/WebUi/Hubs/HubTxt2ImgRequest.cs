using System.Text.Json.Serialization;
using WebUi.Api;

namespace WebUi.Hubs;

/// <summary>
/// A txt2img job as a hub client sends it: exactly <c>/sdapi/v1/txt2img</c>'s request (<see cref="Txt2ImgApiRequest"/>:
/// A1111's field names and API defaults, read as tolerantly, mapped and refused by <see cref="ApiRequestMapper"/>), with
/// two differences: <c>save_images</c> defaults to true (hub jobs are saved to the gallery like the web UI's), and
/// <c>preview_every_n_steps</c> asks for live previews (default 0, none).
/// </summary>
public sealed class HubTxt2ImgRequest : Txt2ImgApiRequest
{
    public HubTxt2ImgRequest() => SaveImages = true;

    /// <summary>Send a live preview every N steps (0 = none).</summary>
    [JsonPropertyOrder(2)]
    [JsonPropertyName("preview_every_n_steps")]
    public int PreviewEveryNSteps { get; init; }

    protected internal override int? JobPreviewInterval => PreviewEveryNSteps;

    protected internal override bool SavesImagesByDefault => true;
}
