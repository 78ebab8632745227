using System.Globalization;
using Engine.Onnx;

namespace Engine.Models;

/// <summary>
/// Checks one model folder and describes it. Never throws for anything found on disk: every failure becomes a
/// <see cref="ModelProblem"/> naming the file. Graphs are checked with <see cref="OnnxModelReader"/> (a protobuf
/// walk that skips weights), not by creating ONNX Runtime sessions, so scanning a folder of multi-GB models takes
/// milliseconds and no memory; operator support is only proven when a session is created on first use.
/// </summary>
internal sealed class ModelFolderInspector
{
    private readonly string _realRoot;
    private readonly string _folder;
    private readonly List<ModelProblem> _problems = [];
    private readonly List<string> _notes = [];

    private ModelFolderInspector(string realRoot, string folder)
    {
        _realRoot = realRoot;
        _folder = folder;
    }

    /// <summary>Describes <paramref name="folder"/>, a direct child of the models root whose real path is <paramref name="realRoot"/>.</summary>
    public static ModelDescriptor Inspect(string realRoot, string folder) => new ModelFolderInspector(realRoot, folder).Run();

    private ModelDescriptor Run()
    {
        var id = Path.GetFileName(_folder);
        ModelIndex? index = null;
        SchedulerConfig? scheduler = null;
        UNetConfig? unet = null;
        TextEncoderConfig? textEncoder = null;
        VaeConfig? vae = null;
        ComponentSignatures? signatures = null;
        var img2img = false;
        try
        {
            if (!PathGuard.ResolvesWithin(_realRoot, _folder))
            {
                Add(".", $"{id}: the model folder is a symbolic link that leads outside the models folder; it is refused.");
            }
            else
            {
                index = LoadConfig(ModelIndex.FileName, ModelIndex.From);
                scheduler = LoadConfig(SchedulerConfig.RelativePath, SchedulerConfig.From);
                unet = LoadConfig(UNetConfig.RelativePath, UNetConfig.From);
                textEncoder = LoadConfig(TextEncoderConfig.RelativePath, TextEncoderConfig.From);
                vae = LoadConfig(VaeConfig.DecoderRelativePath, VaeConfig.From);
                CheckTokenizer();

                var textIo = ReadGraph(ModelComponent.TextEncoder, TextEncoderIo.Classify);
                var unetIo = ReadGraph(ModelComponent.UNet, UNetIo.Classify);
                var decoderIo = ReadGraph(ModelComponent.VaeDecoder, VaeDecoderIo.Classify);
                VaeEncoderIo? encoderIo = null;
                var encoderFile = Full(ModelFolderLayout.ModelFile(ModelComponent.VaeEncoder));
                if (File.Exists(encoderFile) || new FileInfo(encoderFile).LinkTarget is not null)
                {
                    encoderIo = ReadGraph(ModelComponent.VaeEncoder, VaeEncoderIo.Classify);
                }
                else
                {
                    _notes.Add($"{ModelFolderLayout.ModelFile(ModelComponent.VaeEncoder)} is missing: img2img is unavailable for this model.");
                }

                ModelConsistency.Check(unet, textEncoder, vae, textIo, unetIo, decoderIo, encoderIo, _problems);
                if (textIo is not null && unetIo is not null && decoderIo is not null)
                {
                    signatures = new ComponentSignatures(textIo, unetIo, decoderIo, encoderIo);
                    img2img = encoderIo is not null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Add(".", $"{id}: the folder cannot be read ({ex.Message}).");
        }

        var scale = vae?.ScaleFactor ?? 8;
        return new ModelDescriptor
        {
            Id = id,
            DisplayName = id.Replace('_', ' '),
            Path = _folder,
            Status = _problems.Count == 0 ? ModelStatus.Ready : ModelStatus.Broken,
            Problems = _problems.ToArray(),
            Notes = _notes.ToArray(),
            Index = index,
            Scheduler = scheduler,
            UNet = unet,
            TextEncoder = textEncoder,
            Vae = vae,
            Signatures = _problems.Count == 0 ? signatures : null,
            SupportsImg2Img = _problems.Count == 0 && img2img,
            DefaultWidth = (unet?.SampleWidth ?? 64) * scale,
            DefaultHeight = (unet?.SampleHeight ?? 64) * scale,
        };
    }

    private T? LoadConfig<T>(string relative, Func<ConfigJson, T> parse)
        where T : class
    {
        if (!CheckFile(relative))
        {
            return null;
        }

        try
        {
            return parse(ConfigJson.Load(Full(relative), relative));
        }
        catch (ModelConfigException ex)
        {
            _problems.Add(new ModelProblem(ex.FileName, ex.Message));
            return null;
        }
    }

    private void CheckTokenizer()
    {
        foreach (var file in ModelFolderLayout.RequiredTokenizerFiles)
        {
            if (CheckFile(file) && new FileInfo(Full(file)).Length == 0)
            {
                Add(file, $"{file}: the file is empty.");
            }
        }
    }

    private TIo? ReadGraph<TIo>(ModelComponent component, Func<OnnxModelSignature, string, ICollection<ModelProblem>, TIo?> classify)
        where TIo : class
    {
        var relative = ModelFolderLayout.ModelFile(component);
        if (!CheckFile(relative))
        {
            return null;
        }

        OnnxModelSignature signature;
        try
        {
            signature = OnnxModelReader.Read(Full(relative));
        }
        catch (InvalidDataException ex)
        {
            Add(relative, $"{relative}: cannot be read as an ONNX model: {ex.Message}.");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Add(relative, $"{relative}: cannot be read ({ex.Message}).");
            return null;
        }

        var before = _problems.Count;
        CheckExternalData(relative, signature);
        var io = classify(signature, relative, _problems);
        return _problems.Count == before ? io : null;
    }

    /// <summary>
    /// External-data locations come from the graph file and are untrusted: each must be a plain relative name that
    /// resolves (links included) inside the component folder, exist, and be long enough for the declared range.
    /// </summary>
    private void CheckExternalData(string relative, OnnxModelSignature signature)
    {
        var componentFolder = Path.GetDirectoryName(Full(relative))!;
        var realComponentFolder = PathGuard.RealPath(componentFolder);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var reference in signature.ExternalData)
        {
            var location = reference.Location;
            var segments = location.Split('/', '\\');
            if (location.Length == 0 || Path.IsPathRooted(location) || location.Contains(':', StringComparison.Ordinal)
                || segments.Any(s => s is ".." or "."))
            {
                Add(relative, $"{relative}: external data location '{location}' (tensor '{reference.TensorName}') is not a plain file name inside '{Path.GetDirectoryName(relative)}/'; it is refused.");
                return;
            }

            var dataPath = Path.Combine(componentFolder, location.Replace('/', Path.DirectorySeparatorChar));
            var dataRelative = $"{Path.GetDirectoryName(relative)}/{location}";
            if (!sizes.TryGetValue(location, out var size))
            {
                if (!PathGuard.ResolvesWithin(realComponentFolder, dataPath))
                {
                    Add(dataRelative, $"{dataRelative}: external data file of {relative} leads outside its component folder (symbolic link?); it is refused.");
                    return;
                }

                if (!File.Exists(dataPath))
                {
                    Add(dataRelative, $"{dataRelative}: external data file of {relative} is missing (tensor '{reference.TensorName}').");
                    return;
                }

                size = new FileInfo(dataPath).Length;
                sizes[location] = size;
            }

            if (reference.Offset < 0 || reference.Offset + (reference.Length ?? 0) > size)
            {
                Add(dataRelative, string.Create(CultureInfo.InvariantCulture,
                    $"{dataRelative}: is {size} bytes, but tensor '{reference.TensorName}' needs bytes {reference.Offset} to {reference.Offset + (reference.Length ?? 0)} (truncated download?)."));
                return;
            }
        }
    }

    /// <summary>True when the file exists and is safe to open; otherwise records why not.</summary>
    private bool CheckFile(string relative)
    {
        var full = Full(relative);
        // A few stat calls per file: cheap, and it covers links at any level (file, component folder).
        if (!PathGuard.ResolvesWithin(_realRoot, full))
        {
            Add(relative, $"{relative}: is a symbolic link (or lies under one) that leads outside the models folder; it is refused.");
            return false;
        }

        if (!File.Exists(full))
        {
            Add(relative, Directory.Exists(full) ? $"{relative}: expected a file, found a folder." : $"{relative}: the file is missing.");
            return false;
        }

        return true;
    }

    private void Add(string file, string message) => _problems.Add(new ModelProblem(file, message));

    private string Full(string relative) => ModelFolderLayout.Combine(_folder, relative);
}
