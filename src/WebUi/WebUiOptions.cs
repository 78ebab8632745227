using System.ComponentModel.DataAnnotations;

namespace WebUi;

/// <summary>Settings of the web app, bound to the "WebUi" configuration section.</summary>
public sealed class WebUiOptions
{
    public const string SectionName = "WebUi";

    /// <summary>TCP port; A1111's default.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 7860;

    /// <summary>Bind every interface instead of loopback only.</summary>
    public bool Listen { get; set; }

    /// <summary>Explicit consent to <see cref="Listen"/> while no login protects the app.</summary>
    public bool AllowListenWithoutAuth { get; set; }

    /// <summary>Database, outputs and logs live here; relative paths are resolved against the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "data";
}
