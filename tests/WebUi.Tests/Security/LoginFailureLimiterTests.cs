using System.Net;
using Microsoft.AspNetCore.Http;
using WebUi.Security;

namespace WebUi.Tests.Security;

/// <summary>The per-address count of failed logins.</summary>
public sealed class LoginFailureLimiterTests
{
    [Fact]
    public void Failures_UpToTheLimit_ThenLockedOutWithARetryTime()
    {
        using var limiter = new LoginFailureLimiter(2);
        var client = From("10.0.0.7");

        Assert.False(limiter.IsLockedOut(client, out _));
        limiter.RecordFailure(client);
        Assert.False(limiter.IsLockedOut(client, out _));
        limiter.RecordFailure(client);

        Assert.True(limiter.IsLockedOut(client, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Failures_OfOneAddress_DoNotLockOutAnother()
    {
        using var limiter = new LoginFailureLimiter(1);
        limiter.RecordFailure(From("10.0.0.7"));

        Assert.True(limiter.IsLockedOut(From("10.0.0.7"), out _));
        Assert.False(limiter.IsLockedOut(From("10.0.0.8"), out _));
    }

    [Fact]
    public void Checking_CountsNothing()
    {
        using var limiter = new LoginFailureLimiter(1);
        var client = From("10.0.0.9");

        for (var i = 0; i < 5; i++)
        {
            Assert.False(limiter.IsLockedOut(client, out _));
        }
    }

    [Fact]
    public void Refuse_Sets429AndRetryAfterInWholeSeconds()
    {
        var context = From("10.0.0.7");

        var message = LoginFailureLimiter.Refuse(context, TimeSpan.FromSeconds(12.2));

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("13", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("Too many failed logins from your address; try again in 13 seconds.", message);
    }

    private static DefaultHttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
