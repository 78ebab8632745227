namespace Engine.Models;

/// <summary>Whether a discovered model can be loaded.</summary>
public enum ModelStatus
{
    /// <summary>All required files are present and consistent.</summary>
    Ready,

    /// <summary>At least one problem prevents use; see <see cref="ModelDescriptor.Problems"/>.</summary>
    Broken,
}
