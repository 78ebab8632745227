namespace WebUi.Security;

/// <summary>
/// Logins, admins and CORS, bound to the "Security" configuration section (<c>--auth</c>, <c>--api-auth</c>,
/// <c>--auth-file</c>, <c>--admin</c>, <c>--cors-allow-origins</c>, <c>--login-failures-per-minute</c>,
/// <c>--allowed-hosts</c>). The logins are secrets: see <see cref="SecretSettings"/>.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Web UI logins, <c>user:password[,user2:password2]</c>.</summary>
    public string? Auth { get; set; }

    /// <summary>HTTP Basic logins for <c>/sdapi</c> and the hub; when empty the API takes the web UI logins.</summary>
    public string? ApiAuth { get; set; }

    /// <summary>A file of more web UI logins: <c>user:password</c> entries, one per line or comma-separated.</summary>
    public string? AuthFile { get; set; }

    /// <summary>User names (comma-separated) that may cancel, interrupt and skip anyone's jobs.</summary>
    public string? Admins { get; set; }

    /// <summary>Origins (comma-separated) that browsers may call <c>/sdapi</c> from; empty means none (CORS off).</summary>
    public string? CorsAllowOrigins { get; set; }

    /// <summary>Failed logins (form or HTTP Basic) one client address may make per minute before it is answered 429.</summary>
    public int LoginFailuresPerMinute { get; set; } = LoginFailureLimiter.DefaultFailuresPerMinute;

    /// <summary>
    /// Host names (comma-separated, <c>*</c> for any) the app answers to; empty means localhost, 127.0.0.1 and [::1]
    /// without <c>--listen</c> and any host with it (<see cref="AllowedHostsCheck"/>).
    /// </summary>
    public string? AllowedHosts { get; set; }
}
