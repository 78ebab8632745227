using Engine.Conversion;
using Engine.Hub;
using static Engine.Tests.Hub.HubTestRepos;

namespace Engine.Tests.Hub;

/// <summary>Downloads from a fake hub on 127.0.0.1: what is fetched, resumed, verified and refused, and what is left on disk.</summary>
public sealed class HuggingFaceDownloaderTests : IAsyncLifetime
{
    private readonly string _scratch = NewScratch();
    private FakeHub? _fakeHub;
    private HuggingFaceDownloader _downloader = null!;
    private HttpClient? _client;

    private string Target => Path.Combine(_scratch, "tiny-sd2");

    private string UNetPart => Path.Combine(Target, "unet", "diffusion_pytorch_model.safetensors.part");

    private string UNetFinal => Path.Combine(Target, "unet", "diffusion_pytorch_model.safetensors");

    // Started by each test (InitializeAsync cannot skip): the repository is built from the fixtures.
    private FakeHub Server => _fakeHub ?? throw new InvalidOperationException("Call StartHubAsync first.");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_fakeHub is not null)
        {
            await _fakeHub.DisposeAsync();
        }

        DeleteScratch(_scratch);
    }

    private async Task StartHubAsync()
    {
        _fakeHub = await FakeHub.StartAsync(TinyPipeline());
        (_downloader, _client) = HubTestRepos.Downloader(_fakeHub);
    }

    [SkippableFact]
    public async Task DownloadAsync_PublicRepo_FetchesExactlyThePipelineFilesByteForByte()
    {
        await StartHubAsync();
        var progress = new SyncProgress();

        var folder = await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target, progress);

        Assert.Equal(Path.GetFullPath(Target), folder);
        var expected = PipelineFiles();
        var downloaded = FilesUnder(folder);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), downloaded.Keys);
        Assert.All(expected, file => Assert.Equal(file.Value, downloaded[file.Key]));
        Assert.Equal(new[] { "tiny-sd2" }, Directory.GetFileSystemEntries(_scratch).Select(Path.GetFileName));

        // The weights came from the CDN after a redirect, every request named the pinned commit's files.
        Assert.Contains(Server.Requests, r => r.Host == "cdn" && r.File == UNetWeights);
        Assert.DoesNotContain(Server.Requests, r => r.File is { } f && ExtraFiles.Contains(f));

        var total = expected.Values.Sum(v => (long)v.Length);
        Assert.All(progress.Reports, r => Assert.Equal(total, r.BytesTotal));
        Assert.All(progress.Reports.Zip(progress.Reports.Skip(1)), pair => Assert.True(pair.Second.BytesDone >= pair.First.BytesDone));
        Assert.Equal(total, progress.Reports[^1].BytesDone);
        Assert.Contains(progress.Reports, r => r.File == UNetWeights && r.BytesDone > 0 && r.BytesDone < total);
    }

    [SkippableFact]
    public async Task DownloadAsync_DownloadedFolder_ImportsAsAModel()
    {
        await StartHubAsync();
        var folder = await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        var imported = Path.Combine(_scratch, "imported");
        await ModelImporter.ImportAsync(folder, imported);

        Assert.True(File.Exists(Path.Combine(imported, "unet", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(imported, "model_index.json")));
    }

    [SkippableFact]
    public async Task DownloadAsync_SecondCall_VerifiesPresentFilesWithoutDownloadingThemAgain()
    {
        await StartHubAsync();
        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);
        var before = Server.Requests.Count;

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        var second = Server.Requests.Skip(before).ToList();
        Assert.Equal(new[] { "list" }, second.Select(r => r.Kind));
    }

    [SkippableFact]
    public async Task DownloadAsync_ConnectionDroppedMidFile_ResumesWithRangeInTheSameCall()
    {
        await StartHubAsync();
        Server.Repo.DropAfter[UNetWeights] = (300_000, 1);

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
        var ranges = Server.RequestsFor(UNetWeights).Where(r => r.Host == "cdn").Select(r => r.Range).ToList();
        Assert.Equal(2, ranges.Count);
        Assert.Null(ranges[0]);
        Assert.InRange(RangeStart(ranges[1]!), 1, 300_000); // an aborted connection may lose bytes in flight
        Assert.False(File.Exists(UNetPart));
    }

    [SkippableFact]
    public async Task DownloadAsync_ServerIgnoresTheRange_StartsTheFileOverAndStillVerifies()
    {
        await StartHubAsync();
        Server.Repo.DropAfter[UNetWeights] = (300_000, 1);
        Server.Repo.IgnoreRange = true;

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
        Assert.Contains(Server.RequestsFor(UNetWeights), r => r.Range is not null && RangeStart(r.Range) > 0);
    }

    [SkippableFact]
    public async Task DownloadAsync_ConnectionKeepsDropping_FailsClearlyAndTheNextCallResumesFromThePart()
    {
        await StartHubAsync();
        Server.Repo.DropAfter[UNetWeights] = (200_000, int.MaxValue);

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.Network, failure.Failure);
        Assert.Contains(UNetWeights, failure.Message, StringComparison.Ordinal);
        Assert.Contains("resume", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(UNetFinal));
        var kept = new FileInfo(UNetPart).Length;
        var resumedAt = Server.RequestsFor(UNetWeights).Where(r => r.Host == "cdn").Select(r => r.Range is null ? 0 : RangeStart(r.Range)).ToList();
        Assert.Equal(3, resumedAt.Count); // three attempts, each resumed where the last stopped
        Assert.True(resumedAt[0] == 0 && resumedAt[2] >= resumedAt[1] && kept >= resumedAt[2] && kept > 0, $"{string.Join(", ", resumedAt)}; kept {kept}");

        Server.Repo.DropAfter.Clear();
        var progress = new SyncProgress();
        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target, progress);

        Assert.Equal($"bytes={kept}-", Server.RequestsFor(UNetWeights).Last().Range);
        var unetStart = progress.Reports.FindIndex(r => r.File == UNetWeights);
        Assert.Equal(progress.Reports[unetStart - 1].BytesDone + kept, progress.Reports[unetStart].BytesDone); // resumed bytes count as done
        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
        Assert.False(File.Exists(UNetPart));
    }

    [SkippableFact]
    public async Task DownloadAsync_ContentDoesNotMatchTheListedSha256_DeletesItAndFails()
    {
        await StartHubAsync();
        var damaged = Server.Repo.Files[UNetWeights].ToArray();
        damaged[123_456] ^= 0xFF;
        Server.Repo.ServedInstead[UNetWeights] = damaged;

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.IntegrityMismatch, failure.Failure);
        Assert.Contains(UNetWeights, failure.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(UNetFinal));
        Assert.False(File.Exists(UNetPart));
    }

    [SkippableFact]
    public async Task DownloadAsync_DamagedPresentFile_IsDownloadedAgain()
    {
        await StartHubAsync();
        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);
        var bytes = await File.ReadAllBytesAsync(UNetFinal);
        bytes[10] ^= 1;
        await File.WriteAllBytesAsync(UNetFinal, bytes);

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
    }

    [SkippableFact]
    public async Task DownloadAsync_ProtectedRepo_SendsTheTokenAsBearerToTheHubOnlyNeverToTheCdn()
    {
        await StartHubAsync();
        Server.Repo.RequiredToken = "hf_GoodSecretToken123";

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId, Token: "hf_GoodSecretToken123"), Target);

        Assert.Equal(PipelineFiles().Count, FilesUnder(Target).Count);
        Assert.All(Server.Requests.Where(r => r.Host == "hub"), r => Assert.Equal("Bearer hf_GoodSecretToken123", r.Authorization));
        var cdn = Server.Requests.Where(r => r.Host == "cdn").ToList();
        Assert.NotEmpty(cdn);
        Assert.All(cdn, r => Assert.Null(r.Authorization));
    }

    [SkippableFact]
    public async Task DownloadAsync_GatedRepoWithoutToken_SaysATokenIsNeeded()
    {
        await StartHubAsync();
        Server.Repo.RequiredToken = "hf_GoodSecretToken123";
        Server.Repo.Gated = true;

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.Unauthorized, failure.Failure);
        Assert.Equal(401, failure.StatusCode);
        Assert.Contains("gated", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Set a Hugging Face token", failure.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task DownloadAsync_WrongToken_SaysTheTokenWasRefusedWithoutShowingIt()
    {
        await StartHubAsync();
        Server.Repo.RequiredToken = "hf_GoodSecretToken123";
        var request = new HubDownloadRequest(RepoId, Token: "hf_WrongSecretToken456");

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(request, Target));

        Assert.Equal(HubDownloadFailure.Unauthorized, failure.Failure);
        Assert.Contains("refused the access token", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hf_WrongSecretToken456", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hf_WrongSecretToken456", request.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer hf_WrongSecretToken456", Server.Requests.Single().Authorization);
    }

    [SkippableFact]
    public async Task DownloadAsync_UnknownRepoOrRevision_SaysWhichIsMissing()
    {
        await StartHubAsync();
        var repo = await Assert.ThrowsAsync<HubDownloadException>(() =>
            _downloader.DownloadAsync(new HubDownloadRequest("tiny-org/no-such-model"), Target));
        var revision = await Assert.ThrowsAsync<HubDownloadException>(() =>
            _downloader.DownloadAsync(new HubDownloadRequest(RepoId, "no-such-branch"), Target));

        Assert.Equal(HubDownloadFailure.NotFound, repo.Failure);
        Assert.Contains("no repository 'tiny-org/no-such-model'", repo.Message, StringComparison.Ordinal);
        Assert.Equal(HubDownloadFailure.NotFound, revision.Failure);
        Assert.Contains("no revision 'no-such-branch'", revision.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target)); // the folder the download created is removed again while empty
    }

    [SkippableTheory]
    [InlineData("../escape.json")]
    [InlineData("unet/../../escape.json")]
    [InlineData("/etc/escape.json")]
    [InlineData("unet\\..\\..\\escape.json")]
    [InlineData("C:/escape.json")]
    public async Task DownloadAsync_ListingWithAPathLeavingTheFolder_IsRefusedBeforeAnyFileIsFetched(string path)
    {
        await StartHubAsync();
        Server.Repo.ListedOnly.Add(path);

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.InvalidListing, failure.Failure);
        Assert.Contains("would leave the target folder", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests, r => r.Kind == "resolve");
        Assert.Empty(Directory.GetFileSystemEntries(_scratch));
    }

    [SkippableFact]
    public async Task DownloadAsync_RepoWithoutModelIndex_IsNotADiffusersPipeline()
    {
        await StartHubAsync();
        Server.Repo.Files.Remove("model_index.json");

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.NotADiffusersPipeline, failure.Failure);
        Assert.Contains("not a diffusers pipeline", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target));
    }

    [SkippableFact]
    public async Task DownloadAsync_CancelledMidFile_KeepsThePartAndLeavesNoFinalFile()
    {
        await StartHubAsync();
        Server.Repo.StallAfter[UNetWeights] = 250_000;
        using var cancellation = new CancellationTokenSource();
        long? startOfUNet = null;
        var progress = new SyncProgress(report =>
        {
            if (report.File != UNetWeights)
            {
                return;
            }

            startOfUNet ??= report.BytesDone;
            if (report.BytesDone - startOfUNet == 250_000)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target, progress, cancellation.Token));

        Assert.False(File.Exists(UNetFinal));
        Assert.Equal(250_000, new FileInfo(UNetPart).Length);

        Server.Repo.StallAfter.Clear();
        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal("bytes=250000-", Server.RequestsFor(UNetWeights).Last().Range);
        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
    }

    [SkippableFact]
    public async Task DownloadAsync_TooManyRequestsThenServerErrors_RetriesAndSucceeds()
    {
        await StartHubAsync();
        Server.Repo.FailWith[UNetWeights] = (429, 1);
        Server.Repo.FailWith["unet/config.json"] = (503, 2);

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
        Assert.Equal(3, Server.RequestsFor("unet/config.json").Count());
    }

    [SkippableFact]
    public async Task DownloadAsync_ServerErrorThatPersists_GivesUpAfterTheBoundedAttempts()
    {
        await StartHubAsync();
        Server.Repo.FailWith["unet/config.json"] = (503, int.MaxValue);

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.Network, failure.Failure);
        Assert.Contains("503", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, Server.RequestsFor("unet/config.json").Count());
        Assert.False(File.Exists(Path.Combine(Target, "unet", "config.json")));
    }

    [SkippableFact]
    public async Task DownloadAsync_VariantRequested_TakesTheVariantWeightsWhereTheyExist()
    {
        await StartHubAsync();
        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId) { Variant = "fp16" }, Target);

        var files = FilesUnder(Target);
        Assert.Contains("unet/diffusion_pytorch_model.fp16.safetensors", files.Keys);
        Assert.Contains("text_encoder/model.fp16.safetensors", files.Keys);
        Assert.DoesNotContain(UNetWeights, files.Keys);
        Assert.Contains("vae/diffusion_pytorch_model.safetensors", files.Keys); // no fp16 variant there
    }

    [SkippableFact]
    public async Task DownloadAsync_VariantAfterAPlainDownload_LeavesNoStalePlainWeightsForTheImporter()
    {
        await StartHubAsync();
        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);
        await File.WriteAllTextAsync(Path.Combine(Target, "unet", "old-revision.safetensors.part"), "partial");

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId) { Variant = "fp16" }, Target);

        var files = FilesUnder(Target);
        Assert.Contains("unet/diffusion_pytorch_model.fp16.safetensors", files.Keys);
        Assert.DoesNotContain(UNetWeights, files.Keys);
        Assert.DoesNotContain("text_encoder/model.safetensors", files.Keys);
        Assert.DoesNotContain("unet/old-revision.safetensors.part", files.Keys);
        Assert.Contains("vae/diffusion_pytorch_model.safetensors", files.Keys);
    }

    [SkippableFact]
    public async Task DownloadAsync_RenamedRepo_FollowsTheHubsRelativeRedirectKeepingTheToken()
    {
        await StartHubAsync();
        Server.Repo.RenamedFrom = "old-org/tiny-sd2";
        Server.Repo.RequiredToken = "hf_GoodSecretToken123";

        await _downloader.DownloadAsync(new HubDownloadRequest("old-org/tiny-sd2", Token: "hf_GoodSecretToken123"), Target);

        Assert.Equal(PipelineFiles().Keys.Order(StringComparer.Ordinal), FilesUnder(Target).Keys);
        Assert.Equal(2, Server.Requests.Count(r => r.Kind == "list"));
        Assert.All(Server.Requests.Where(r => r.Host == "hub"), r => Assert.Equal("Bearer hf_GoodSecretToken123", r.Authorization));
    }

    [SkippableFact]
    public async Task DownloadAsync_PartFromAnotherRevision_IsDiscardedAndTheFileDownloadedFromTheStart()
    {
        await StartHubAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(UNetPart)!);
        await File.WriteAllBytesAsync(UNetPart, new byte[100_000]);

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
        Assert.Equal(new[] { "bytes=100000-", null }, Server.RequestsFor(UNetWeights).Where(r => r.Host == "cdn").Select(r => r.Range));
    }

    [SkippableFact]
    public async Task DownloadAsync_CompletePartNeverRenamed_IsVerifiedAndRenamedWithoutARequest()
    {
        await StartHubAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(UNetPart)!);
        await File.WriteAllBytesAsync(UNetPart, Server.Repo.Files[UNetWeights]);

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
        Assert.False(File.Exists(UNetPart));
        Assert.Empty(Server.RequestsFor(UNetWeights));
    }

    [SkippableFact]
    public async Task DownloadAsync_GitFileNotMatchingItsBlobId_FailsAndKeepsNoFile()
    {
        await StartHubAsync();
        var config = Server.Repo.Files["unet/config.json"].ToArray();
        config[^2] = (byte)'#';
        Server.Repo.ServedInstead["unet/config.json"] = config;

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.IntegrityMismatch, failure.Failure);
        Assert.Contains("git blob id", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Target, "unet", "config.json")));
        Assert.False(File.Exists(Path.Combine(Target, "unet", "config.json.part")));
    }

    [SkippableFact]
    public async Task DownloadAsync_SecondDownloadIntoTheSameFolderWhileOneRuns_IsRefused()
    {
        await StartHubAsync();
        Server.Repo.StallAfter[UNetWeights] = 1_000;
        using var cancellation = new CancellationTokenSource();
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SyncProgress(report =>
        {
            if (report.File == UNetWeights && File.Exists(UNetPart))
            {
                stalled.TrySetResult();
            }
        });
        var first = _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target, progress, cancellation.Token);
        await stalled.Task;

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.LocalFiles, failure.Failure);
        Assert.Contains("Another download", failure.Message, StringComparison.Ordinal);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }

    [SkippableFact]
    public async Task DownloadAsync_ListingWithoutSizesOrHashes_VerifiesAgainstTheHubsEtags()
    {
        await StartHubAsync();
        Server.Repo.ListSizesAndHashes = false;

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        var downloaded = FilesUnder(Target);
        Assert.All(PipelineFiles(), file => Assert.Equal(file.Value, downloaded[file.Key]));
    }

    [SkippableFact]
    public async Task DownloadAsync_ListingWithoutHashes_StillCatchesContentNotMatchingTheLinkedEtag()
    {
        await StartHubAsync();
        Server.Repo.ListSizesAndHashes = false;
        var damaged = Server.Repo.Files[UNetWeights].ToArray();
        damaged[7] ^= 0x10;
        Server.Repo.ServedInstead[UNetWeights] = damaged;

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() => _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target));

        Assert.Equal(HubDownloadFailure.IntegrityMismatch, failure.Failure);
        Assert.Contains("sha256", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(UNetFinal));
    }

    [SkippableFact]
    public async Task DownloadAsync_KeptPartLongerThanTheUnlistedFile_Gets416AndStartsOver()
    {
        await StartHubAsync();
        Server.Repo.ListSizesAndHashes = false;
        var tooLong = Server.Repo.Files[UNetWeights].Length + 10;
        Directory.CreateDirectory(Path.GetDirectoryName(UNetPart)!);
        await File.WriteAllBytesAsync(UNetPart, new byte[tooLong]);

        await _downloader.DownloadAsync(new HubDownloadRequest(RepoId), Target);

        Assert.Equal(Server.Repo.Files[UNetWeights], await File.ReadAllBytesAsync(UNetFinal));
        Assert.Equal(new[] { $"bytes={tooLong}-", null }, Server.RequestsFor(UNetWeights).Where(r => r.Host == "cdn").Select(r => r.Range));
    }

    private static long RangeStart(string range) =>
        long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
}
