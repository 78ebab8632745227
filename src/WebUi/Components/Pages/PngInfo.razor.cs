using Engine.Imaging;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using WebUi.Infotext;

namespace WebUi.Components.Pages;

/// <summary>
/// Shows the A1111 "parameters" text of a dropped or chosen PNG and sends it to txt2img or img2img. Only the text
/// chunks are read (PngTextReader); the image itself is never decoded here.
/// </summary>
public sealed partial class PngInfo
{
    /// <summary>Largest file accepted; A1111 PNGs of 2048² are a few MB, so this leaves room without inviting abuse.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private string? _fileName;
    private string? _infotext;
    private InfotextParameters? _parameters;
    private byte[]? _png;
    private IReadOnlyList<PngTextEntry> _otherChunks = [];
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private bool _loading;

    [Inject]
    private ParametersTransfer Transfer { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        Clear();
        _fileName = file.Name;
        if (file.Size > MaxBytes)
        {
            ShowMessage(Severity.Error, T.Format("The file is larger than the limit of {0} MB.", MaxBytes / (1024 * 1024)));
            return;
        }

        _loading = true;
        try
        {
            await using var stream = file.OpenReadStream(MaxBytes);
            using var buffer = new MemoryStream((int)file.Size);
            await stream.CopyToAsync(buffer);
            Show(buffer.ToArray());
        }
        catch (IOException ex)
        {
            ShowMessage(Severity.Error, T.Format("The file could not be read: {0}", ex.Message));
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Reads <paramref name="png"/>'s text chunks and shows them; internal for tests.</summary>
    internal void Show(byte[] png)
    {
        if (!png.AsSpan().StartsWith(s_pngSignature))
        {
            ShowMessage(Severity.Error, T["This file is not a PNG image."]);
            return;
        }

        var entries = PngTextReader.Read(png);
        _infotext = entries.LastOrDefault(e => e.Key == "parameters")?.Value;
        _otherChunks = [.. entries.Where(e => e.Key != "parameters")];
        if (_infotext is null)
        {
            ShowMessage(Severity.Warning, T["This PNG has no generation parameters."]);
            return;
        }

        _png = png;
        _parameters = InfotextParser.Parse(_infotext);
    }

    private void Send(TransferTarget target)
    {
        if (_parameters is null)
        {
            return;
        }

        Transfer.Send(target, _parameters, target == TransferTarget.Img2Img ? _png : null);
        Navigation.NavigateTo(target == TransferTarget.Img2Img ? "/img2img" : "/txt2img");
    }

    private void Clear()
    {
        _infotext = null;
        _parameters = null;
        _png = null;
        _otherChunks = [];
        _message = null;
    }

    private void ShowMessage(Severity severity, string message)
    {
        _messageSeverity = severity;
        _message = message;
    }
}
