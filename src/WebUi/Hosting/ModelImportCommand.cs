using System.Globalization;
using Engine;
using Engine.Conversion;
using Engine.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebUi.Localization;
using WebUi.ModelImport;

namespace WebUi.Hosting;

/// <summary>
/// Runs a <see cref="ModelImportCommandLine"/> through the same <see cref="ModelImportService"/> as the Models page,
/// printing one progress line per percent (or new component) with the ETA, and returns the exit code: 0 imported,
/// 1 failed or cancelled (Ctrl+C), 2 bad arguments. The web server is not started.
/// </summary>
public static class ModelImportCommand
{
    /// <summary>Imports as <paramref name="command"/> says, with the models and data folders of <paramref name="configuration"/>.</summary>
    public static async Task<int> RunAsync(
        ModelImportCommandLine command, IConfiguration configuration, TextWriter output, TextWriter error, IModelDownloader? downloader = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var engine = configuration.GetSection(EngineOptions.SectionName).Get<EngineOptions>() ?? new EngineOptions();
        var webUi = configuration.GetSection(WebUiOptions.SectionName).Get<WebUiOptions>() ?? new WebUiOptions();
        var hub = configuration.GetSection(HubOptions.SectionName).Get<HubOptions>() ?? new HubOptions();
        if (hub.Validate() is { } hubProblem)
        {
            await error.WriteLineAsync(hubProblem);
            return 2;
        }

        var catalog = new ModelCatalog(Options.Create(engine), NullLogger<ModelCatalog>.Instance);
        var request = Request(command, catalog.RootPath, out var problem);
        if (request is null)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        var tokens = new HubTokenStore(Options.Create(webUi), Options.Create(hub));
        using var hubDownloader = downloader is null ? new HuggingFaceModelDownloader(Options.Create(hub)) : null;
        using var service = new ModelImportService(
            catalog, downloader ?? hubDownloader!, tokens, TimeProvider.System, NullLogger<ModelImportService>.Instance);
        var printer = new ProgressPrinter(output);
        using var subscription = service.Subscribe(printer.Print);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            service.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (!service.TryStart(request, "command line", out var problems))
            {
                foreach (var (field, fieldProblem) in problems)
                {
                    await error.WriteLineAsync($"{FlagOf(field)}: {fieldProblem}");
                }

                return 2;
            }

            await service.Completion;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var status = service.Current!;
        switch (status.State)
        {
            case ModelImportState.Succeeded:
                await output.WriteLineAsync($"Imported '{status.Name}' into {Path.Combine(catalog.RootPath, status.Name)}.");
                return 0;
            case ModelImportState.Cancelled:
                await error.WriteLineAsync("Import cancelled; nothing of the new model was kept.");
                return 1;
            default:
                await error.WriteLineAsync($"Import failed: {status.Error}");
                return 1;
        }
    }

    private static ModelImportRequest? Request(ModelImportCommandLine command, string modelsRoot, out string? problem)
    {
        problem = null;
        var options = new ModelImportOptions
        {
            Precision = command.Precision,
            Family = command.Family,
            PredictionType = command.Prediction,
            ImageSize = command.ImageSize,
            TokenizerSource = command.TokenizerFolder is { } tokenizer ? Path.GetFullPath(tokenizer) : null,
        };
        if (command.RepoId is not null)
        {
            string? token = null;
            if (command.TokenFile is { } tokenFile && (token = HubTokenStore.ReadFile(tokenFile)) is null)
            {
                problem = $"--hf-token-file: '{Path.GetFullPath(tokenFile)}' cannot be read or is empty.";
                return null;
            }

            return new ModelImportRequest { Name = command.Name ?? string.Empty, RepoId = command.RepoId, Revision = command.Revision, Variant = command.Variant, Token = token, Options = options };
        }

        var source = ModelImportSources.Inspect(modelsRoot, command.ImportPath!, out var sourceProblem);
        if (source is null)
        {
            problem = $"--import: {sourceProblem}";
            return null;
        }

        return new ModelImportRequest { Name = command.Name ?? string.Empty, Source = source, Options = options };
    }

    private static string FlagOf(string field) => field switch
    {
        nameof(ModelImportRequest.Name) => "--name",
        nameof(ModelImportRequest.RepoId) => "--download",
        nameof(ModelImportRequest.Revision) => "--revision",
        nameof(ModelImportRequest.Variant) => "--variant",
        nameof(ModelImportRequest.Source) => "--import",
        nameof(ModelImportOptions.ImageSize) => "--image-size",
        _ => field,
    };

    /// <summary>One line per whole percent or new component, so a log stays readable for hour-long imports.</summary>
    private sealed class ProgressPrinter(TextWriter output)
    {
        private readonly Lock _lock = new();
        private (ModelImportState State, string? Component, int Percent)? _last;

        public void Print(ModelImportStatus status)
        {
            if (status.IsFinished)
            {
                return;
            }

            var percent = (int)Math.Floor(status.Fraction * 100);
            lock (_lock)
            {
                if (_last == (status.State, status.Component, percent))
                {
                    return;
                }

                _last = (status.State, status.Component, percent);
                var what = status.State == ModelImportState.Downloading
                    ? $"downloading {status.Component}".TrimEnd()
                    : $"converting {status.Component} {status.Stage}".TrimEnd();
                var eta = status.Eta is { } left ? " ETA " + DurationText.Format(left) : string.Empty;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{percent,3}%] {what}{eta}"));
                output.Flush();
            }
        }
    }
}
