using System.Text;
using Engine.Hub;

namespace Engine.Tests.Hub;

/// <summary>Which files of a repository listing make up the pipeline: formats, shards, variants, components and unsafe paths.</summary>
public sealed class HubPipelineFileSelectorTests
{
    private const string Repo = "owner/name";

    [Fact]
    public void Select_SafetensorsBesideOtherFormats_TakesSafetensorsAndConfigsOnly()
    {
        var listing = Listing(
            "unet/config.json", "unet/diffusion_pytorch_model.safetensors", "unet/diffusion_pytorch_model.bin",
            "unet/diffusion_flax_model.msgpack", "unet/diffusion_pytorch_model.fp16.safetensors", "unet/model.onnx",
            "unet/openvino_model.xml", "unet/openvino_model.bin", "unet/README.md");

        var (files, shardIndex) = HubPipelineFileSelector.Select(Repo, listing, "unet", variant: null);

        Assert.Equal(["unet/config.json", "unet/diffusion_pytorch_model.safetensors"], files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Null(shardIndex);
    }

    [Fact]
    public void Select_OnlyPyTorchBin_FallsBackToBin()
    {
        var listing = Listing("text_encoder/config.json", "text_encoder/pytorch_model.bin", "text_encoder/flax_model.msgpack");

        var (files, _) = HubPipelineFileSelector.Select(Repo, listing, "text_encoder", variant: null);

        Assert.Contains(files, f => f.Path == "text_encoder/pytorch_model.bin");
        Assert.DoesNotContain(files, f => f.Path.EndsWith(".msgpack", StringComparison.Ordinal));
    }

    [Fact]
    public void Shards_ShardedSafetensors_TakesTheIndexThenTheShardsItNames()
    {
        var listing = Listing(
            "unet/config.json", "unet/diffusion_pytorch_model.safetensors.index.json",
            "unet/diffusion_pytorch_model-00001-of-00002.safetensors", "unet/diffusion_pytorch_model-00002-of-00002.safetensors",
            "unet/diffusion_pytorch_model.bin.index.json", "unet/diffusion_pytorch_model-00001-of-00002.bin");
        var (files, shardIndex) = HubPipelineFileSelector.Select(Repo, listing, "unet", variant: null);
        var index = """{"metadata": {}, "weight_map": {"a": "diffusion_pytorch_model-00001-of-00002.safetensors", "b": "diffusion_pytorch_model-00002-of-00002.safetensors", "c": "diffusion_pytorch_model-00001-of-00002.safetensors"}}""";

        var shards = HubPipelineFileSelector.Shards(Repo, listing, shardIndex!, Encoding.UTF8.GetBytes(index));

        Assert.Equal("unet/diffusion_pytorch_model.safetensors.index.json", shardIndex!.Path);
        Assert.Contains(shardIndex, files);
        Assert.Equal(
            ["unet/diffusion_pytorch_model-00001-of-00002.safetensors", "unet/diffusion_pytorch_model-00002-of-00002.safetensors"],
            shards.Select(s => s.Path));
    }

    [Theory]
    [InlineData("../../escape.safetensors")]
    [InlineData("sub/shard.safetensors")]
    public void Shards_IndexNamingAShardOutsideItsFolder_IsRefused(string shard)
    {
        var listing = Listing("unet/config.json", "unet/diffusion_pytorch_model.safetensors.index.json");
        var index = listing.Find("unet/diffusion_pytorch_model.safetensors.index.json")!;

        var failure = Assert.Throws<HubDownloadException>(() =>
            HubPipelineFileSelector.Shards(Repo, listing, index, Encoding.UTF8.GetBytes("{\"weight_map\": {\"a\": \"" + shard + "\"}}")));

        Assert.Equal(HubDownloadFailure.InvalidListing, failure.Failure);
    }

    [Fact]
    public void Select_VariantRequested_PrefersItAndFallsBackToPlainWeights()
    {
        var listing = Listing(
            "unet/config.json", "unet/diffusion_pytorch_model.safetensors", "unet/diffusion_pytorch_model.fp16.safetensors",
            "vae/config.json", "vae/diffusion_pytorch_model.safetensors");

        var (unet, _) = HubPipelineFileSelector.Select(Repo, listing, "unet", "fp16");
        var (vae, _) = HubPipelineFileSelector.Select(Repo, listing, "vae", "fp16");

        Assert.Contains(unet, f => f.Path == "unet/diffusion_pytorch_model.fp16.safetensors");
        Assert.DoesNotContain(unet, f => f.Path == "unet/diffusion_pytorch_model.safetensors");
        Assert.Contains(vae, f => f.Path == "vae/diffusion_pytorch_model.safetensors");
    }

    [Fact]
    public void Select_OnlyVariantWeightsAndNoVariantAsked_SaysToAskForTheVariant()
    {
        var listing = Listing("unet/config.json", "unet/diffusion_pytorch_model.fp16.safetensors");

        var failure = Assert.Throws<HubDownloadException>(() => HubPipelineFileSelector.Select(Repo, listing, "unet", variant: null));

        Assert.Equal(HubDownloadFailure.NotADiffusersPipeline, failure.Failure);
        Assert.Contains("ask for that variant", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_OnlyFlaxWeights_SaysThereAreNoUsableWeights()
    {
        var listing = Listing("unet/config.json", "unet/diffusion_flax_model.msgpack");

        var failure = Assert.Throws<HubDownloadException>(() => HubPipelineFileSelector.Select(Repo, listing, "unet", variant: null));

        Assert.Contains("diffusion_flax_model.msgpack", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_TokenizerAndScheduler_TakeTheirConfigurationFiles()
    {
        var listing = Listing("tokenizer/vocab.json", "tokenizer/merges.txt", "tokenizer/spiece.model", "scheduler/scheduler_config.json");

        Assert.Equal(3, HubPipelineFileSelector.Select(Repo, listing, "tokenizer", null).Files.Count);
        Assert.Single(HubPipelineFileSelector.Select(Repo, listing, "scheduler", null).Files);
    }

    [Fact]
    public void Components_ModelIndex_NamesTheLoadedComponentsLessSkippedAndEmptyOnes()
    {
        var json = """
            {"_class_name": "StableDiffusionPipeline", "requires_safety_checker": true,
             "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"],
             "safety_checker": ["stable_diffusion", "StableDiffusionSafetyChecker"], "image_encoder": [null, null]}
            """;

        var components = HubPipelineFileSelector.Components(Repo, Encoding.UTF8.GetBytes(json), new HubDownloadOptions().SkippedComponents);

        Assert.Equal(["unet", "vae"], components);
    }

    [Fact]
    public void Components_NamedButMissingFolder_IsNotAPipeline()
    {
        var listing = Listing("model_index.json", "unet/config.json");

        var failure = Assert.Throws<HubDownloadException>(() => HubPipelineFileSelector.Select(Repo, listing, "vae", null));

        Assert.Equal(HubDownloadFailure.NotADiffusersPipeline, failure.Failure);
        Assert.Contains("'vae/'", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/x")]
    [InlineData("a\\x")]
    [InlineData("C:x")]
    [InlineData("a//x")]
    [InlineData("a/./x")]
    [InlineData("")]
    public void RepoPathProblem_PathsThatCouldEscape_AreRefused(string path) => Assert.NotNull(HubRepoPaths.Problem(path));

    [Fact]
    public void RepoPathProblem_PlainRelativePaths_AreAccepted()
    {
        Assert.Null(HubRepoPaths.Problem("unet/diffusion_pytorch_model.safetensors"));
        Assert.Null(HubRepoPaths.Problem("model_index.json"));
        Assert.Null(HubRepoPaths.Problem("a/b.c/..d"));
    }

    [Fact]
    public void ListingParse_LfsEntry_UsesTheContentSha256AndSizeNotThePointer()
    {
        var json = """
            {"sha": "0123456789ABCDEF0123456789abcdef01234567", "siblings": [
              {"rfilename": "unet/w.safetensors", "blobId": "1111111111111111111111111111111111111111", "size": 5000,
               "lfs": {"sha256": "2222222222222222222222222222222222222222222222222222222222222222", "size": 5000, "pointerSize": 134}},
              {"rfilename": "unet/config.json", "blobId": "3333333333333333333333333333333333333333", "size": 12}]}
            """;

        var listing = HubRepoListing.Parse(Repo, Encoding.UTF8.GetBytes(json));

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", listing.CommitSha);
        Assert.Equal(new HubRepoFile("unet/w.safetensors", 5000, new string('2', 64), null), listing.Files[0]);
        Assert.Equal(new HubRepoFile("unet/config.json", 12, null, new string('3', 40)), listing.Files[1]);
    }

    [Theory]
    [InlineData("""{"siblings": []}""")]
    [InlineData("""{"sha": "abc", "siblings": []}""")]
    [InlineData("""{"sha": "0123456789abcdef0123456789abcdef01234567"}""")]
    [InlineData("""{"sha": "0123456789abcdef0123456789abcdef01234567", "siblings": [{"rfilename": "a"}, {"rfilename": "a"}]}""")]
    [InlineData("<html>not json</html>")]
    public void ListingParse_NotWhatTheHubSends_IsRefusedClearly(string json)
    {
        var failure = Assert.Throws<HubDownloadException>(() => HubRepoListing.Parse(Repo, Encoding.UTF8.GetBytes(json)));

        Assert.Equal(HubDownloadFailure.InvalidListing, failure.Failure);
        Assert.Contains(Repo, failure.Message, StringComparison.Ordinal);
    }

    private static HubRepoListing Listing(params string[] paths) =>
        new(new string('a', 40), [.. paths.Select(p => new HubRepoFile(p, 10, null, null))]);
}
