using System.Text;

namespace WebUi.Security;

/// <summary>
/// The configured logins: who may use the web UI (<c>--auth</c> plus <c>--auth-file</c>), who may use the API and the
/// hub (<c>--api-auth</c>, or the web UI logins when it is not given: unlike A1111, a UI login never leaves the API
/// open), and who is an admin. Built once at start; <see cref="Load"/> reports every problem without echoing secrets.
/// </summary>
public sealed class UserDirectory
{
    private readonly IReadOnlyList<Credential> _uiUsers;
    private readonly IReadOnlyList<Credential> _apiUsers;
    private readonly HashSet<string> _admins;

    private UserDirectory(IReadOnlyList<Credential> uiUsers, IReadOnlyList<Credential> apiUsers, HashSet<string> admins)
    {
        _uiUsers = uiUsers;
        _apiUsers = apiUsers;
        _admins = admins;
    }

    /// <summary>No logins at all: the app is open, as A1111 is by default.</summary>
    public static UserDirectory Open { get; } = new([], [], new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The web UI asks for a login.</summary>
    public bool UiRequiresLogin => _uiUsers.Count > 0;

    /// <summary><c>/sdapi</c> and the hub ask for HTTP Basic credentials.</summary>
    public bool ApiRequiresLogin => _apiUsers.Count > 0;

    /// <summary>No credentials configured anywhere: every caller may steer every job (A1111's behaviour).</summary>
    public bool IsOpen => !UiRequiresLogin && !ApiRequiresLogin;

    /// <summary>Reads the options (and the auth file); returns null and fills <paramref name="errors"/> when something is wrong.</summary>
    public static UserDirectory? Load(SecurityOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var ui = CredentialParser.Parse(options.Auth, "--auth", errors);
        if (!string.IsNullOrWhiteSpace(options.AuthFile))
        {
            var path = Path.GetFullPath(options.AuthFile);
            if (!File.Exists(path))
            {
                errors.Add($"--auth-file: the file {path} does not exist.");
            }
            else
            {
                foreach (var credential in CredentialParser.Parse(File.ReadAllText(path, Encoding.UTF8), "--auth-file", errors))
                {
                    if (ui.Exists(c => string.Equals(c.Name, credential.Name, StringComparison.Ordinal)))
                    {
                        errors.Add("--auth-file: a user name is also given by --auth.");
                    }
                    else
                    {
                        ui.Add(credential);
                    }
                }
            }
        }

        var api = CredentialParser.Parse(options.ApiAuth, "--api-auth", errors);
        if (api.Count == 0)
        {
            api = ui;
        }

        var admins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in (options.Admins ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ui.Exists(c => c.Name == name) && !api.Exists(c => c.Name == name))
            {
                errors.Add($"--admin: '{name}' is not a user of --auth, --auth-file or --api-auth.");
            }

            admins.Add(name);
        }

        return errors.Count > before ? null : new UserDirectory(ui, api, admins);
    }

    /// <summary>The web UI user with this name and password, or null.</summary>
    public Credential? VerifyUi(string name, string password) => Verify(_uiUsers, name, password);

    /// <summary>The API user with this name and password, or null.</summary>
    public Credential? VerifyApi(string name, string password) => Verify(_apiUsers, name, password);

    /// <summary>The web UI user called <paramref name="name"/>, to re-check a login cookie.</summary>
    public Credential? FindUiUser(string name) => _uiUsers.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public bool IsAdmin(string? name) => name is not null && _admins.Contains(name);

    // Every credential is compared, whatever matched before, so the time taken does not say which user exists.
    private static Credential? Verify(IReadOnlyList<Credential> users, string name, string password)
    {
        var nameHash = Credential.Hash(name);
        var passwordHash = Credential.Hash(password);
        Credential? match = null;
        foreach (var user in users)
        {
            if (user.Matches(nameHash, passwordHash))
            {
                match ??= user;
            }
        }

        return match;
    }
}
