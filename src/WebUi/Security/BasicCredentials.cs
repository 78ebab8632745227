using System.Net.Http.Headers;
using System.Text;

namespace WebUi.Security;

/// <summary>The user name and password of an HTTP Basic <c>Authorization</c> header.</summary>
public static class BasicCredentials
{
    /// <summary>False when the header is missing, not Basic, or not base64 of UTF-8 <c>user:password</c>.</summary>
    public static bool TryRead(HttpRequest request, out string name, out string password)
    {
        ArgumentNullException.ThrowIfNull(request);
        name = "";
        password = "";
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null
            || header.Parameter.Length > 4096)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        name = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }
}
