using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engine.Tests.Hub;

/// <summary>
/// A hub on 127.0.0.1 that answers the way huggingface.co does for one repository: model info with
/// <c>blobs=true</c> (<c>sha</c>, <c>siblings</c> with sizes, blob ids and LFS SHA-256), <c>resolve</c> with
/// <c>X-Repo-Commit</c>, ETag / <c>X-Linked-Etag</c> / <c>X-Linked-Size</c>, LFS files redirected to a second server
/// (the "CDN", another port, so another origin), ranges, and the hub's error codes. Every request is recorded.
/// </summary>
internal sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _hub;
    private readonly WebApplication _cdn;

    private FakeHub(FakeHubRepo repo, WebApplication hub, WebApplication cdn)
    {
        Repo = repo;
        _hub = hub;
        _cdn = cdn;
    }

    public FakeHubRepo Repo { get; }

    public Uri Endpoint { get; private set; } = null!;

    public Uri CdnEndpoint { get; private set; } = null!;

    public ConcurrentQueue<FakeHubRequest> Requests { get; } = new();

    public static async Task<FakeHub> StartAsync(FakeHubRepo repo)
    {
        FakeHub? fake = null;
        var hub = CreateApp(context => fake!.HandleHubAsync(context));
        var cdn = CreateApp(context => fake!.HandleCdnAsync(context));
        fake = new FakeHub(repo, hub, cdn);
        await hub.StartAsync();
        await cdn.StartAsync();
        fake.Endpoint = Address(hub);
        fake.CdnEndpoint = Address(cdn);
        return fake;
    }

    public IEnumerable<FakeHubRequest> RequestsFor(string file) => Requests.Where(r => r.File == file);

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _cdn.DisposeAsync();
    }

    private static WebApplication CreateApp(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    private async Task HandleHubAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isList = segments.Length == 6 && segments[0] == "api" && segments[1] == "models" && segments[4] == "revision";
        var isResolve = segments.Length >= 5 && segments[2] == "resolve";
        var file = isResolve ? string.Join('/', segments[4..].Select(Uri.UnescapeDataString)) : null;
        Record(context, "hub", isList ? "list" : "resolve", file);
        if (!isList && !isResolve)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var repoId = isList ? $"{segments[2]}/{segments[3]}" : $"{segments[0]}/{segments[1]}";
        var revision = Uri.UnescapeDataString(isList ? segments[5] : segments[3]);
        if (repoId == Repo.RenamedFrom)
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = (context.Request.Path.Value ?? string.Empty).Replace(repoId, Repo.RepoId, StringComparison.Ordinal)
                + context.Request.QueryString;
            return;
        }

        if (repoId != Repo.RepoId)
        {
            Error(context, 404, "RepoNotFound", "Repository not found");
            return;
        }

        if (Repo.RequiredToken is { } token)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.Length == 0)
            {
                Error(context, 401, Repo.Gated ? "GatedRepo" : "RepoNotFound", "Access restricted: log in.");
                return;
            }

            if (authorization != $"Bearer {token}")
            {
                Error(context, 401, null, "Invalid credentials in Authorization header");
                return;
            }
        }

        if (revision != "main" && revision != Repo.Commit)
        {
            Error(context, 404, "RevisionNotFound", "Invalid rev id");
            return;
        }

        if (isList)
        {
            await WriteListingAsync(context);
            return;
        }

        if (!Repo.Files.TryGetValue(file!, out var content))
        {
            Error(context, 404, "EntryNotFound", "Entry not found");
            return;
        }

        context.Response.Headers["X-Repo-Commit"] = Repo.Commit;
        if (FakeHubRepo.IsLfs(file!, content))
        {
            var sha256 = FakeHubRepo.Sha256(content);
            context.Response.Headers["X-Linked-Etag"] = $"\"{sha256}\"";
            context.Response.Headers["X-Linked-Size"] = content.Length.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.ETag = $"\"{sha256}\"";
            if (Repo.RedirectLfsToCdn)
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = new Uri(CdnEndpoint, $"blobs/{sha256}").ToString();
                return;
            }
        }
        else
        {
            context.Response.Headers.ETag = $"\"{FakeHubRepo.GitBlobId(content)}\"";
        }

        await ServeAsync(context, file!);
    }

    private async Task HandleCdnAsync(HttpContext context)
    {
        var sha256 = (context.Request.Path.Value ?? string.Empty).Split('/').Last();
        var file = Repo.Files.FirstOrDefault(f => FakeHubRepo.IsLfs(f.Key, f.Value) && FakeHubRepo.Sha256(f.Value) == sha256).Key;
        Record(context, "cdn", "blob", file);
        if (file is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        await ServeAsync(context, file);
    }

    private async Task ServeAsync(HttpContext context, string file)
    {
        if (FakeHubRepo.Take(Repo.FailWith, file, out var status))
        {
            context.Response.StatusCode = status;
            if (status == 429)
            {
                context.Response.Headers.RetryAfter = "0";
            }

            return;
        }

        var content = Repo.Served(file);
        var start = 0L;
        var range = context.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-') && !Repo.IgnoreRange)
        {
            start = long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
            if (start >= content.Length)
            {
                context.Response.StatusCode = 416;
                context.Response.Headers.ContentRange = $"bytes */{content.Length}";
                return;
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }

        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.ContentType = "application/octet-stream";
        var body = content.AsMemory((int)start);
        context.Response.ContentLength = body.Length;
        if (FakeHubRepo.Take(Repo.DropAfter, file, out var dropAfter) && dropAfter < body.Length)
        {
            await context.Response.Body.WriteAsync(body[..(int)dropAfter]);
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }

        if (Repo.StallAfter.TryGetValue(file, out var stallAfter) && stallAfter < body.Length)
        {
            await context.Response.Body.WriteAsync(body[..(int)stallAfter]);
            await context.Response.Body.FlushAsync();
            try
            {
                // Hangs until the client gives up: the downloader's cancellation closes the connection.
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        await context.Response.Body.WriteAsync(body);
    }

    private async Task WriteListingAsync(HttpContext context)
    {
        var siblings = Repo.Files.Select(f => Sibling(f.Key, f.Value))
            .Concat(Repo.ListedOnly.Select(path => Sibling(path, [1, 2, 3])))
            .Select(sibling => Repo.ListSizesAndHashes ? sibling : new Dictionary<string, object> { ["rfilename"] = sibling["rfilename"] })
            .ToList();
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, object>
        {
            ["id"] = Repo.RepoId,
            ["sha"] = Repo.Commit,
            ["siblings"] = siblings,
        });
    }

    private static Dictionary<string, object> Sibling(string path, byte[] content)
    {
        var sibling = new Dictionary<string, object>
        {
            ["rfilename"] = path,
            ["blobId"] = FakeHubRepo.GitBlobId(content),
            ["size"] = content.Length,
        };
        if (FakeHubRepo.IsLfs(path, content))
        {
            // For LFS files the git blob is the pointer, so blobId names the pointer; lfs describes the content.
            sibling["blobId"] = FakeHubRepo.GitBlobId([.. "version https://git-lfs.github.com/spec/v1\n"u8]);
            sibling["lfs"] = new Dictionary<string, object>
            {
                ["sha256"] = FakeHubRepo.Sha256(content),
                ["size"] = content.Length,
                ["pointerSize"] = 134,
            };
        }

        return sibling;
    }

    private void Record(HttpContext context, string host, string kind, string? file)
    {
        var range = context.Request.Headers.Range.ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue(new FakeHubRequest(host, kind, file, range.Length > 0 ? range : null, authorization.Length > 0 ? authorization : null));
    }

    private static void Error(HttpContext context, int status, string? code, string message)
    {
        context.Response.StatusCode = status;
        if (code is not null)
        {
            context.Response.Headers["X-Error-Code"] = code;
        }

        context.Response.Headers["X-Error-Message"] = message;
    }
}
