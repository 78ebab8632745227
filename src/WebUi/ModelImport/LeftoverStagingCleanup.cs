using Engine.Conversion;
using Engine.Models;

namespace WebUi.ModelImport;

/// <summary>
/// At start-up, deletes the hidden staging folders that an import killed mid-way (the app stopped, the machine lost
/// power) left in the models folder: they are invisible to the app but can hold gigabytes. Those of an import still
/// running in another process (a command-line <c>--import</c>) are kept.
/// </summary>
public sealed class LeftoverStagingCleanup(ModelCatalog catalog, ILogger<LeftoverStagingCleanup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (ModelImporter.DeleteLeftoverStagingFolders(catalog.RootPath) is > 0 and var deleted)
            {
                logger.LogInformation("Deleted {Count} unfinished model import folder(s) a stopped import left in {Folder}", deleted, catalog.RootPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not look for unfinished model imports in {Folder}: {Error}", catalog.RootPath, ex.Message);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
