using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace WebUi.Security;

/// <summary>
/// Slows down password guessing: each client address may fail to log in (login form, or HTTP Basic for the API and
/// the hub) <see cref="SecurityOptions.LoginFailuresPerMinute"/> times per minute; after that every login attempt from
/// it, right or wrong, is answered 429 with <c>Retry-After</c> until the minute is over. Built on the framework's
/// fixed-window rate limiter, partitioned by address; only failures take a permit, so users who log in are never counted.
/// </summary>
public sealed class LoginFailureLimiter : IDisposable
{
    public const int DefaultFailuresPerMinute = 10;

    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public LoginFailureLimiter(int failuresPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresPerMinute, 1);
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = failuresPerMinute, Window = s_window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>
    /// Whether <paramref name="context"/>'s address has used up its failures; then <paramref name="retryAfter"/> says
    /// when it may try again.
    /// </summary>
    public bool IsLockedOut(HttpContext context, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Zero permits: only asks whether any are left.
        using var lease = _limiter.AttemptAcquire(Address(context), 0);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : s_window;
        return !lease.IsAcquired;
    }

    /// <summary>Counts one failed login of <paramref name="context"/>'s address.</summary>
    public void RecordFailure(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _limiter.AttemptAcquire(Address(context));
    }

    /// <summary>Sets 429 and <c>Retry-After</c> (whole seconds, at least 1) and returns the message to show.</summary>
    public static string Refuse(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"Too many failed logins from your address; try again in {seconds} seconds.");
    }

    public void Dispose() => _limiter.Dispose();

    private static IPAddress Address(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;
}
