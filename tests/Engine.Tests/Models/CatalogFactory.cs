using Engine.Models;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Models;

internal static class CatalogFactory
{
    public static ModelCatalog Create(string root, ListLogger<ModelCatalog>? logger = null) =>
        new(Options.Create(new EngineOptions { ModelsPath = root }), logger ?? new ListLogger<ModelCatalog>());
}
