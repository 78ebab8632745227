using Engine.Demo;
using Engine.Models;
using Engine.Onnx;

namespace WebUi.Services;

/// <summary>
/// Which model the app uses: the first ready model under the models folder, or the demo model (written there on first
/// start) when none is installed. Keeps the catalog, the loaded model and the execution provider together for the pages.
/// </summary>
public sealed class ModelSelectionService
{
    private readonly ModelCatalog _catalog;
    private readonly ModelLoader _loader;
    private readonly ExecutionProviderSelector _providers;
    private readonly ILogger<ModelSelectionService> _logger;
    private readonly Lock _lock = new();
    private string? _demoInstallError;
    private int _jobsUsingModel;

    public ModelSelectionService(
        ModelCatalog catalog, ModelLoader loader, ExecutionProviderSelector providers, ILogger<ModelSelectionService> logger)
    {
        _catalog = catalog;
        _loader = loader;
        _providers = providers;
        _logger = logger;
    }

    /// <summary>Every model folder found, ready or broken.</summary>
    public IReadOnlyList<ModelDescriptor> Models => _catalog.Models;

    /// <summary>The models folder as an absolute path.</summary>
    public string ModelsRoot => _catalog.RootPath;

    /// <summary>The model in use, or null when no model can be used.</summary>
    public LoadedModel? Current => _loader.Current;

    /// <summary>Why the demo model could not be written, when that was needed and failed.</summary>
    public string? DemoInstallError => _demoInstallError;

    /// <summary>The execution provider sessions run on, with the reason for any fallback.</summary>
    public string ProviderDescription => _providers.Description;

    /// <summary>The provider sessions are created with (Cuda or Cpu).</summary>
    public ExecutionProviderKind ActiveProvider => _providers.Active;

    /// <summary>Why CUDA is not used although it was asked for; null when it is used or CPU was chosen.</summary>
    public string? ProviderFallbackReason => _providers.FallbackReason;

    /// <summary>
    /// Scans the models folder, installs the demo model when no real model is ready, and loads the preferred model.
    /// Never throws: problems end up in <see cref="DemoInstallError"/>, the models' own problems, and the log.
    /// </summary>
    public void Initialize()
    {
        lock (_lock)
        {
            var models = _catalog.Refresh();
            if (!models.Any(m => m.IsReady && !m.IsDemo))
            {
                try
                {
                    DemoModelInstaller.EnsureInstalled(_catalog.RootPath);
                    models = _catalog.Refresh();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _demoInstallError = $"No model is installed and the demo model could not be written to {_catalog.RootPath}: {ex.Message}";
                    _logger.LogError("{Problem}", _demoInstallError);
                }
            }

            var preferred = models.Where(m => m.IsReady).OrderBy(m => m.IsDemo).ThenBy(m => m.Id, StringComparer.Ordinal).FirstOrDefault();
            if (preferred is null)
            {
                _logger.LogWarning("No usable model under {ModelsRoot}", _catalog.RootPath);
                return;
            }

            SelectLocked(preferred.Id);
        }
    }

    /// <summary>
    /// The model for one generation job; switching models is refused until the returned lease is disposed, because the
    /// switch disposes the loaded model's sessions.
    /// </summary>
    /// <exception cref="InvalidOperationException">No model is loaded.</exception>
    public (LoadedModel Model, IDisposable Lease) AcquireForJob()
    {
        lock (_lock)
        {
            var model = _loader.Current
                ?? throw new InvalidOperationException("No model is loaded. Choose a model on the Settings page (or check the models folder).");
            _jobsUsingModel++;
            return (model, new JobLease(this));
        }
    }

    /// <summary>Makes <paramref name="id"/> the model in use; sessions are created on first use.</summary>
    /// <exception cref="InvalidOperationException">A generation is running on the current model.</exception>
    public LoadedModel Select(string id)
    {
        lock (_lock)
        {
            if (_jobsUsingModel > 0 && _loader.Current?.Descriptor.Id != id)
            {
                throw new InvalidOperationException("A generation is running; switch models when it has finished.");
            }

            return SelectLocked(id);
        }
    }

    /// <summary>
    /// <see cref="Select"/> for a page's "use this model" action, which shows the problem rather than failing.
    /// </summary>
    /// <param name="id">The model to use.</param>
    /// <param name="problem">Null when the model is now in use; else why it could not be switched to, as "id: reason".</param>
    /// <returns>Whether <paramref name="id"/> is now the model in use.</returns>
    public bool TrySelect(string id, out string? problem)
    {
        try
        {
            Select(id);
            problem = null;
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            problem = $"{id}: {ex.Message}";
            return false;
        }
    }

    private LoadedModel SelectLocked(string id)
    {
        var loaded = _loader.Load(id);
        _logger.LogInformation(
            "Model {ModelId} selected ({Prediction}, {Width}x{Height}) on {Provider}",
            id, loaded.Descriptor.PredictionType, loaded.Descriptor.DefaultWidth, loaded.Descriptor.DefaultHeight, _providers.Description);
        return loaded;
    }

    private sealed class JobLease(ModelSelectionService owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (owner._lock)
                {
                    owner._jobsUsingModel--;
                }
            }
        }
    }
}
