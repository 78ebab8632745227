using System.Text;
using Microsoft.Extensions.Options;

namespace WebUi.ModelImport;

/// <summary>
/// The Hugging Face access token: the one saved on the Models page (in <c>&lt;data&gt;/secrets/huggingface-token</c>,
/// readable by the app's user only), else <see cref="HubOptions.Token"/> from configuration. It is never shown back
/// in full (<see cref="Masked"/>), never logged, and has no command-line flag (the command line reads it from a file).
/// </summary>
public sealed class HubTokenStore
{
    /// <summary>Longest token accepted.</summary>
    public const int MaxLength = 512;

    private readonly Lock _lock = new();
    private readonly string? _configured;
    private string? _saved;

    public HubTokenStore(IOptions<WebUiOptions> webUi, IOptions<HubOptions> hub)
    {
        ArgumentNullException.ThrowIfNull(webUi);
        ArgumentNullException.ThrowIfNull(hub);
        FilePath = Path.Combine(Path.GetFullPath(webUi.Value.DataPath), "secrets", "huggingface-token");
        _configured = string.IsNullOrWhiteSpace(hub.Value.Token) ? null : hub.Value.Token.Trim();
        _saved = ReadFile(FilePath);
    }

    /// <summary>Where a saved token is kept.</summary>
    public string FilePath { get; }

    /// <summary>The token to send, or null for anonymous downloads.</summary>
    public string? Token
    {
        get
        {
            lock (_lock)
            {
                return _saved ?? _configured;
            }
        }
    }

    /// <summary>True when the token comes from the Models page (and can be removed there).</summary>
    public bool IsSaved
    {
        get
        {
            lock (_lock)
            {
                return _saved is not null;
            }
        }
    }

    /// <summary>The token as the page shows it: its last four characters only, or null when there is none.</summary>
    public string? Masked => Token is { } token ? Mask(token) : null;

    /// <summary><c>••••wxyz</c> for long tokens, all dots for short ones.</summary>
    public static string Mask(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Length >= 12 ? "••••" + token[^4..] : "••••";
    }

    /// <summary>What is wrong with <paramref name="token"/>, or null.</summary>
    public static InputProblem? Validate(string? token) =>
        token is { Length: > 0 and <= MaxLength } && token.All(c => c is > ' ' and < (char)127)
            ? null
            : new InputProblem("A token is 1 to {0} printable characters without spaces.", MaxLength);

    /// <summary>Keeps <paramref name="token"/> in the data folder, readable by this user only.</summary>
    /// <exception cref="ArgumentException">The token is not valid (the message does not contain it).</exception>
    public void Save(string token)
    {
        token = token?.Trim() ?? string.Empty;
        if (Validate(token) is { } problem)
        {
            throw new ArgumentException(problem.ToString(), nameof(token));
        }

        lock (_lock)
        {
            var folder = Path.GetDirectoryName(FilePath)!;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            // A leftover temporary file would keep whatever permissions it has; the new one is created with owner-only ones.
            var temporary = FilePath + ".tmp";
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(token));
            }

            File.Move(temporary, FilePath, overwrite: true);
            _saved = token;
        }
    }

    /// <summary>Forgets the saved token (a configured one applies again).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            File.Delete(FilePath);
            _saved = null;
        }
    }

    /// <summary>The token in <paramref name="path"/> (the command line's <c>--hf-token-file</c>), trimmed; null when empty or unreadable.</summary>
    public static string? ReadFile(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8).Trim() : string.Empty;
            return text.Length > 0 ? text : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
