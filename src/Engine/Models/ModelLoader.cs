using Engine.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Engine.Models;

/// <summary>
/// Keeps at most one model loaded (per device, as the engine runs one generation at a time): loading another model
/// disposes the previous one's sessions, after any job still holding them finishes.
/// </summary>
public sealed class ModelLoader : IDisposable
{
    private readonly ModelCatalog _catalog;
    private readonly OnnxSessionFactory _factory;
    private readonly EngineOptions _options;
    private readonly ILogger<ModelLoader> _logger;
    private readonly Lock _gate = new();
    private LoadedModel? _current;

    /// <summary>Creates the loader; nothing is loaded until <see cref="Load"/>.</summary>
    public ModelLoader(ModelCatalog catalog, OnnxSessionFactory factory, IOptions<EngineOptions> options, ILogger<ModelLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog;
        _factory = factory;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The loaded model, or null.</summary>
    public LoadedModel? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Returns the loaded model <paramref name="id"/>, switching to it (and disposing the previous one) if needed.</summary>
    /// <exception cref="ArgumentException">Invalid id.</exception>
    /// <exception cref="KeyNotFoundException">No such model.</exception>
    /// <exception cref="InvalidOperationException">The model is Broken.</exception>
    public LoadedModel Load(string id)
    {
        var descriptor = _catalog.Get(id);
        lock (_gate)
        {
            if (_current is not null && ReferenceEquals(_current.Descriptor, descriptor))
            {
                return _current;
            }

            var next = new LoadedModel(descriptor, _factory, _options, _catalog.RootPath);
            _current?.Dispose();
            _current = next;
            _logger.LogInformation("Selected model {ModelId}", id);
            return next;
        }
    }

    /// <summary>Disposes the loaded model, if any.</summary>
    public void Unload()
    {
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    /// <inheritdoc cref="Unload"/>
    public void Dispose() => Unload();
}
