using System.Globalization;

namespace WebUi.Hosting;

/// <summary>
/// The command-line flags of the app (A1111 spirit: <c>--port</c>, <c>--listen</c>, ...), turned into configuration keys so
/// that the same settings can also come from appsettings.json or environment variables.
/// </summary>
public sealed class AppCommandLine
{
    private static readonly Dictionary<string, (string Key, bool TakesValue, string Help)> s_flags = new(StringComparer.Ordinal)
    {
        ["--port"] = ("WebUi:Port", true, "TCP port to listen on (default 7860)."),
        ["--models-dir"] = ("Engine:ModelsPath", true, "Folder that holds one subfolder per model (default ./models)."),
        ["--data-dir"] = ("WebUi:DataPath", true, "Folder for the database, outputs and logs (default ./data)."),
        ["--listen"] = ("WebUi:Listen", false, "Listen on all network interfaces instead of 127.0.0.1 only."),
        ["--unsafe-listen-without-auth"] = ("WebUi:AllowListenWithoutAuth", false, "Allow --listen without --auth: anyone on your network can use your GPU and read your gallery."),
        ["--auth"] = ("Security:Auth", true, "Web UI logins, user:password[,user2:password2]; the API takes them too unless --api-auth is given."),
        ["--auth-file"] = ("Security:AuthFile", true, "File of more web UI logins, user:password per line (keeps passwords out of the process list)."),
        ["--api-auth"] = ("Security:ApiAuth", true, "HTTP Basic logins for /sdapi and /hubs, user:password[,user2:password2]."),
        ["--admin"] = ("Security:Admins", true, "User name(s), comma-separated, that may cancel, interrupt and skip anyone's jobs."),
        ["--cors-allow-origins"] = ("Security:CorsAllowOrigins", true, "Origins, comma-separated, whose pages may call /sdapi (CORS is off by default)."),
        ["--login-failures-per-minute"] = ("Security:LoginFailuresPerMinute", true, "Failed logins (login form or API/hub Basic) one address may make per minute before it gets 429 (default 10)."),
        ["--allowed-hosts"] = ("Security:AllowedHosts", true, "Host names, comma-separated, the app answers to (default: localhost, 127.0.0.1 and [::1] without --listen; any with it)."),
        ["--cpu"] = ("Engine:ExecutionProvider", false, "Run on the CPU even when CUDA is available."),
        ["--device-id"] = ("Engine:CudaDeviceId", true, "CUDA device to use (default 0)."),
    };

    private AppCommandLine(
        IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> errors, bool helpRequested, ModelImportCommandLine? importCommand)
    {
        Settings = settings;
        Errors = errors;
        HelpRequested = helpRequested;
        ImportCommand = importCommand;
    }

    /// <summary>Configuration keys and values given on the command line.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>What was wrong with the arguments, one message per problem.</summary>
    public IReadOnlyList<string> Errors { get; }

    public bool HelpRequested { get; }

    /// <summary>The model import to run instead of the web server (<c>--import</c> or <c>--download</c>), or null.</summary>
    public ModelImportCommandLine? ImportCommand { get; }

    /// <summary>Parses <paramref name="args"/>; unknown flags and missing values become <see cref="Errors"/>.</summary>
    public static AppCommandLine Parse(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        var importValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            if (arg is "--help" or "-h")
            {
                help = true;
                continue;
            }

            if (ModelImportCommandLine.IsFlag(arg))
            {
                if (TakeValue(args, ref i, arg, inlineValue, errors) is { } importValue)
                {
                    importValues[arg] = importValue;
                }

                continue;
            }

            if (!s_flags.TryGetValue(arg, out var flag))
            {
                errors.Add($"Unknown option '{arg}'. Run with --help to see the options.");
                continue;
            }

            if (!flag.TakesValue)
            {
                settings[flag.Key] = arg == "--cpu" ? "Cpu" : "true";
                continue;
            }

            var value = TakeValue(args, ref i, arg, inlineValue, errors);
            if (value is null)
            {
                continue;
            }

            if (arg is "--port" or "--device-id" or "--login-failures-per-minute" && !IsValidNumber(arg, value, errors))
            {
                continue;
            }

            settings[flag.Key] = value;
        }

        var importCommand = ModelImportCommandLine.From(importValues, errors);
        return new AppCommandLine(settings, errors, help, importCommand);
    }

    /// <summary>The help text listing every option.</summary>
    public static string HelpText()
    {
        var lines = new List<string> { "Options (each also settable in appsettings.json or as an environment variable SDWEBUI_<Section>__<Key>):" };
        foreach (var (name, flag) in s_flags)
        {
            var shown = flag.TakesValue ? $"{name} VALUE" : name;
            lines.Add($"  {shown,-32} {flag.Help}  [{flag.Key}]");
        }

        lines.Add(string.Empty);
        lines.Add("Importing a model (runs the import, prints progress and exits; the web server does not start):");
        foreach (var (name, help) in ModelImportCommandLine.Flags)
        {
            lines.Add($"  {name + " VALUE",-32} {help}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    // The flag's value (inline after '=' or the next argument); null, with an error, when it has none.
    private static string? TakeValue(IReadOnlyList<string> args, ref int i, string flag, string? inlineValue, List<string> errors)
    {
        if (inlineValue is not null)
        {
            return inlineValue;
        }

        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            errors.Add($"Option '{flag}' needs a value.");
            return null;
        }

        return args[++i];
    }

    private static bool IsValidNumber(string flag, string value, List<string> errors)
    {
        var (min, max) = flag switch
        {
            "--port" => (1, 65535),
            "--login-failures-per-minute" => (1, 100_000),
            _ => (0, 64),
        };
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return true;
        }

        errors.Add($"Option '{flag}' must be a whole number from {min} to {max}, not '{value}'.");
        return false;
    }
}
