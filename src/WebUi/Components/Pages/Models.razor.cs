using Engine.Models;
using Microsoft.AspNetCore.Components;
using WebUi.Hosting;
using WebUi.Localization;
using WebUi.ModelImport;
using WebUi.Security;
using WebUi.Services;

namespace WebUi.Components.Pages;

/// <summary>
/// The installed models (status, problems, size on disk, the one in use) and model import: from a source in the
/// models folder or a Hugging Face download, run by <see cref="ModelImportService"/> and followed live here. Importing
/// is for admins once the app has logins (<see cref="ModelImportPermission"/>).
/// </summary>
public sealed partial class Models : IDisposable
{
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
    private IDisposable? _subscription;
    private ModelImportStatus? _status;
    private bool _mayImport;
    private string? _modelError;

    [Inject] private ModelSelectionService Selection { get; set; } = null!;

    [Inject] private ModelCatalog Catalog { get; set; } = null!;

    [Inject] private ModelImportService Imports { get; set; } = null!;

    [Inject] private BrowserIdentity Identity { get; set; } = null!;

    [Inject] private UserDirectory Users { get; set; } = null!;

    [Inject] private UiText T { get; set; } = null!;

    private bool Busy => _status is { IsFinished: false };

    public void Dispose() => _subscription?.Dispose();

    protected override void OnInitialized()
    {
        _mayImport = ModelImportPermission.Allows(Users, Identity.IsAdmin);
        _status = Imports.Current;
        _subscription = Imports.Subscribe(status => _ = InvokeAsync(() => Show(status)));
    }

    private void Show(ModelImportStatus status)
    {
        _status = status;
        if (status.State == ModelImportState.Succeeded)
        {
            // The service rescanned the catalog: the new model is listed, and sizes are measured again.
            _sizes.Clear();
        }

        StateHasChanged();
    }

    private long SizeOf(ModelDescriptor model)
    {
        if (!_sizes.TryGetValue(model.Id, out var size))
        {
            size = _sizes[model.Id] = ModelImportSources.FolderSize(model.Path);
        }

        return size;
    }

    private void Rescan()
    {
        Catalog.Refresh();
        _sizes.Clear();
    }

    private void Cancel()
    {
        if (_mayImport)
        {
            Imports.Cancel();
        }
    }

    private void SelectModel(string id) => Selection.TrySelect(id, out _modelError);
}
