using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Engine.Hub;

/// <summary>
/// Sends GET requests to the hub for one download: the token as <c>Authorization: Bearer</c> only to the endpoint's
/// own origin (scheme, host and port), redirects followed here so that a redirect to a CDN never carries the token
/// (as huggingface_hub drops it when the file's location is on another host), and every non-success answer turned
/// into a clear <see cref="HubDownloadException"/> or, for 429/5xx, a <see cref="HubTransientException"/>.
/// </summary>
internal sealed class HubRequestSender(HttpClient http, Uri endpoint, string repoId, string revision, string? token)
{
    private const int MaxRedirects = 10;

    /// <summary>The hub's address.</summary>
    public Uri Endpoint => endpoint;

    /// <summary>
    /// GETs <paramref name="url"/> (from <paramref name="rangeStart"/> on, when given), following redirects. Returns
    /// the final response when it is a success, or a 416 to a range request; the caller disposes it.
    /// </summary>
    /// <param name="filePath">The repository file asked for, for messages; null for API calls.</param>
    public async Task<HubResponse> GetAsync(Uri url, long? rangeStart, string? filePath, CancellationToken cancellationToken)
    {
        string? repoCommit = null;
        string? etag = null;
        long? linkedSize = null;
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            if (rangeStart is { } start)
            {
                request.Headers.Range = new RangeHeaderValue(start, null);
            }

            if (token is not null && SameOrigin(current, endpoint))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new HubTransientException($"could not reach {current.Host} ({e.Message}).", null, e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HubTransientException($"{current.Host} did not answer in time.", null, e);
            }

            if (SameOrigin(current, endpoint))
            {
                repoCommit ??= Header(response, "X-Repo-Commit");
                etag ??= HubHashes.EtagValue(Header(response, "X-Linked-Etag") ?? Header(response, "ETag"));
                linkedSize ??= long.TryParse(Header(response, "X-Linked-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
            }

            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (redirects >= MaxRedirects)
                {
                    throw new HubDownloadException(HubDownloadFailure.Network, $"{What(filePath)} was redirected more than {MaxRedirects} times; the hub or mirror is misconfigured.");
                }

                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (current.Scheme != Uri.UriSchemeHttps && current.Scheme != Uri.UriSchemeHttp)
                {
                    throw new HubDownloadException(HubDownloadFailure.Network, $"{What(filePath)} was redirected to a non-HTTP address; the hub or mirror is misconfigured.");
                }

                continue;
            }

            if (response.IsSuccessStatusCode || (rangeStart is not null && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable))
            {
                return new HubResponse(response, repoCommit, etag, linkedSize);
            }

            using (response)
            {
                throw Failure(response, filePath);
            }
        }
    }

    /// <summary>True when both addresses have the same scheme, host and port.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private Exception Failure(HttpResponseMessage response, string? filePath)
    {
        var status = (int)response.StatusCode;
        var errorCode = Header(response, "X-Error-Code");
        var hubSays = Header(response, "X-Error-Message") is { Length: > 0 } said
            ? $" The hub says: {new string([.. said.Take(300).Select(c => char.IsControl(c) ? ' ' : c)])}"
            : string.Empty;
        var gated = string.Equals(errorCode, "GatedRepo", StringComparison.Ordinal);
        switch (status)
        {
            case 401 or 403 when token is null:
                return Http(HubDownloadFailure.Unauthorized, status,
                    $"'{repoId}' needs an access token ({status}): it is {(gated ? "gated" : "gated or private, or does not exist")}. " +
                    "Set a Hugging Face token with read access (and accept the repository's conditions on its page if it is gated).");
            case 401:
                return Http(HubDownloadFailure.Unauthorized, status,
                    $"The hub refused the access token for '{repoId}' (401): check that the token is valid and not revoked, and that the repository exists." + hubSays);
            case 403:
                return Http(HubDownloadFailure.Forbidden, status, gated
                    ? $"The token has no access to the gated repository '{repoId}' (403): accept its conditions on its page on the hub, signed in as the token's owner, and wait for approval if it asks for it." + hubSays
                    : $"The token has no access to '{repoId}' (403): use a token with read permission for this repository." + hubSays);
            case 404 when string.Equals(errorCode, "RevisionNotFound", StringComparison.Ordinal):
                return Http(HubDownloadFailure.NotFound, status, $"'{repoId}' has no revision '{revision}' (404): check the branch, tag or commit.");
            case 404 when filePath is not null && !string.Equals(errorCode, "RepoNotFound", StringComparison.Ordinal):
                return Http(HubDownloadFailure.NotFound, status, $"The hub listed '{filePath}' in '{repoId}' but answered 404 for it; try the download again, the repository may have just changed.");
            case 404:
                return Http(HubDownloadFailure.NotFound, status,
                    $"There is no repository '{repoId}' at revision '{revision}' on {endpoint} (404): check the id (owner/name) and the revision.");
            case 429 or 500 or 502 or 503 or 504:
                return new HubTransientException($"the server answered {status} ({response.ReasonPhrase}).", RetryAfter(response));
            default:
                return Http(HubDownloadFailure.Network, status, $"{What(filePath)}: the server answered {status} ({response.ReasonPhrase})." + hubSays);
        }
    }

    private string What(string? filePath) => filePath is null ? $"Listing the files of '{repoId}'" : $"Downloading '{filePath}' of '{repoId}'";

    private static HubDownloadException Http(HubDownloadFailure failure, int status, string message) =>
        new(failure, message) { StatusCode = status };

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;
}
