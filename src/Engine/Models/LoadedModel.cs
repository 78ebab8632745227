using Engine.Onnx;

namespace Engine.Models;

/// <summary>
/// A Ready model with one <see cref="ModelSession"/> per component. Sessions load lazily on first use; disposing the
/// model disposes them (after any running lease). The unload-after-use flags come from <see cref="EngineOptions"/>.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private readonly Dictionary<ModelComponent, ModelSession> _sessions = [];

    /// <summary>Prepares sessions for <paramref name="model"/>, which must be Ready and lie inside <paramref name="modelsRoot"/>.</summary>
    /// <exception cref="InvalidOperationException">The model is Broken or outside the models folder.</exception>
    public LoadedModel(ModelDescriptor model, OnnxSessionFactory factory, EngineOptions options, string modelsRoot)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (!model.IsReady)
        {
            throw new InvalidOperationException($"Model '{model.Id}' is broken: {string.Join(" ", model.Problems)}");
        }

        var realRoot = PathGuard.RealPath(modelsRoot);
        bool IsAllowed(string path) => PathGuard.ResolvesWithin(realRoot, path);
        if (!IsAllowed(model.Path))
        {
            throw new InvalidOperationException($"Model '{model.Id}' leads outside the models folder.");
        }

        Descriptor = model;
        foreach (var component in Enum.GetValues<ModelComponent>())
        {
            if (component == ModelComponent.VaeEncoder && !model.SupportsImg2Img)
            {
                continue;
            }

            _sessions[component] = new ModelSession(component, model.ComponentPath(component), factory, options.UnloadAfterUse(component), IsAllowed);
        }
    }

    /// <summary>The model's description from the catalog.</summary>
    public ModelDescriptor Descriptor { get; }

    /// <summary>Text encoder session.</summary>
    public ModelSession TextEncoder => _sessions[ModelComponent.TextEncoder];

    /// <summary>U-Net session.</summary>
    public ModelSession UNet => _sessions[ModelComponent.UNet];

    /// <summary>VAE decoder session.</summary>
    public ModelSession VaeDecoder => _sessions[ModelComponent.VaeDecoder];

    /// <summary>VAE encoder session, or null when the model has no encoder (no img2img).</summary>
    public ModelSession? VaeEncoder => _sessions.GetValueOrDefault(ModelComponent.VaeEncoder);

    /// <summary>The session of <paramref name="component"/>.</summary>
    /// <exception cref="NotSupportedException">The model has no VAE encoder.</exception>
    public ModelSession Session(ModelComponent component) =>
        _sessions.TryGetValue(component, out var session)
            ? session
            : throw new NotSupportedException($"Model '{Descriptor.Id}' has no {ModelFolderLayout.ModelFile(component)}; img2img is unavailable.");

    /// <summary>Frees every loaded session (each reloads on next use).</summary>
    public void UnloadAll()
    {
        foreach (var session in _sessions.Values)
        {
            session.Unload();
        }
    }

    /// <summary>Disposes every session.</summary>
    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }
    }
}
