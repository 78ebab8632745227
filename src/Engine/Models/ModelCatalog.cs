using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Engine.Models;

/// <summary>
/// The models found under <see cref="EngineOptions.ModelsPath"/>: one entry per subfolder that holds
/// <c>model_index.json</c> in the optimum ONNX layout, Ready or Broken. The first access scans; <see cref="Refresh"/>
/// rescans. Scanning never throws for anything on disk, and a missing models folder gives an empty list.
/// Thread-safe: readers see a complete snapshot while a rescan runs.
/// </summary>
public sealed class ModelCatalog
{
    private readonly ILogger<ModelCatalog> _logger;
    private readonly Lock _scanLock = new();
    private volatile IReadOnlyList<ModelDescriptor>? _models;

    /// <summary>Creates a catalog over the configured models folder (scanned on first access).</summary>
    public ModelCatalog(IOptions<EngineOptions> options, ILogger<ModelCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        RootPath = Path.GetFullPath(options.Value.ModelsPath);
    }

    /// <summary>Absolute path of the models folder.</summary>
    public string RootPath { get; }

    /// <summary>All models found, Ready and Broken, sorted by id.</summary>
    public IReadOnlyList<ModelDescriptor> Models => _models ?? ScanOnce();

    /// <summary>Rescans the models folder and returns the new list.</summary>
    public IReadOnlyList<ModelDescriptor> Refresh()
    {
        lock (_scanLock)
        {
            var models = Scan();
            _models = models;
            return models;
        }
    }

    /// <summary>Finds a model by id; false for an unknown or invalid id (which is never turned into a path).</summary>
    public bool TryGet(string? id, [NotNullWhen(true)] out ModelDescriptor? model)
    {
        model = ModelId.IsValid(id) ? Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal)) : null;
        return model is not null;
    }

    /// <summary>Finds a model by id.</summary>
    /// <exception cref="ArgumentException">The id is not a valid model id (e.g. contains '..' or a separator).</exception>
    /// <exception cref="KeyNotFoundException">No model has that id.</exception>
    public ModelDescriptor Get(string id)
    {
        ModelId.ThrowIfInvalid(id);
        return TryGet(id, out var model)
            ? model
            : throw new KeyNotFoundException($"No model '{id}' in '{RootPath}'.");
    }

    private IReadOnlyList<ModelDescriptor> ScanOnce()
    {
        lock (_scanLock)
        {
            return _models ??= Scan();
        }
    }

    private ModelDescriptor[] Scan()
    {
        if (!Directory.Exists(RootPath))
        {
            _logger.LogWarning("Models folder {ModelsPath} does not exist; no models are available", RootPath);
            return [];
        }

        string realRoot;
        string[] folders;
        try
        {
            realRoot = PathGuard.RealPath(RootPath);
            folders = Directory.GetDirectories(RootPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Models folder {ModelsPath} cannot be read: {Reason}", RootPath, ex.Message);
            return [];
        }

        var models = new List<ModelDescriptor>();
        foreach (var folder in folders.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!File.Exists(Path.Combine(folder, ModelIndex.FileName)))
            {
                // Dot folders (.git, .cache) are housekeeping, not mistakes worth a warning.
                if (!name.StartsWith('.'))
                {
                    _logger.LogWarning("Skipping {Folder}: no {IndexFile}, so it is not a model folder", folder, ModelIndex.FileName);
                }

                continue;
            }

            if (!ModelId.IsValid(name))
            {
                _logger.LogWarning("Skipping {Folder}: the folder name is not a valid model id (letters, digits, '.', '_', '-'; no '..')", folder);
                continue;
            }

            if (ModelFolderLayout.IsDiffusersLayout(folder))
            {
                _logger.LogWarning(
                    "Skipping {Folder}: it is a diffusers PyTorch/safetensors folder, not the optimum ONNX layout; import it on the Models page (or with run.sh --import <folder> --name <name>) to convert it",
                    folder);
                continue;
            }

            var model = ModelFolderInspector.Inspect(realRoot, folder);
            if (model.IsReady)
            {
                _logger.LogInformation("Found model {ModelId} ({Width}x{Height}, {Prediction})", model.Id, model.DefaultWidth, model.DefaultHeight, model.PredictionType);
            }
            else
            {
                _logger.LogWarning("Model {ModelId} is broken: {Problems}", model.Id, string.Join(" ", model.Problems.Select(p => p.Message)));
            }

            models.Add(model);
        }

        return models.ToArray();
    }
}
