using System.Diagnostics.CodeAnalysis;

namespace WebUi.Infotext;

/// <summary>Where "Send to ..." delivers parameters.</summary>
public enum TransferTarget
{
    Txt2Img,
    Img2Img,
}

/// <summary>
/// Hands parameters from one page to another inside a circuit (scoped): PNG Info, the gallery or a result card calls
/// <see cref="Send"/> and navigates to <c>/txt2img</c> or <c>/img2img</c>; that page calls <see cref="TryTake"/> once in
/// OnInitialized and fills its fields from what it gets. Taking clears the offer, so a later visit starts clean.
/// The image (for img2img) travels as PNG bytes; it is null when only parameters were sent.
/// </summary>
public sealed class ParametersTransfer
{
    private readonly Lock _lock = new();
    private (TransferTarget Target, InfotextParameters Parameters, byte[]? Image)? _pending;

    public void Send(TransferTarget target, InfotextParameters parameters, byte[]? image = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        lock (_lock)
        {
            _pending = (target, parameters, image);
        }
    }

    public bool TryTake(TransferTarget target, [NotNullWhen(true)] out InfotextParameters? parameters, out byte[]? image)
    {
        lock (_lock)
        {
            if (_pending is { } pending && pending.Target == target)
            {
                _pending = null;
                parameters = pending.Parameters;
                image = pending.Image;
                return true;
            }
        }

        parameters = null;
        image = null;
        return false;
    }
}
