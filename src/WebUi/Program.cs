using WebUi;
using WebUi.Hosting;

var commandLine = AppCommandLine.Parse(args);
if (commandLine.HelpRequested)
{
    Console.WriteLine(AppCommandLine.HelpText());
    return 0;
}

if (commandLine.Errors.Count > 0)
{
    foreach (var error in commandLine.Errors)
    {
        Console.Error.WriteLine(error);
    }

    return 2;
}

if (commandLine.ImportCommand is { } importCommand)
{
    // Scripts import without a web server: the same settings sources as the app, then the import, then exit.
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables("SDWEBUI_")
        .AddInMemoryCollection(commandLine.Settings)
        .Build();
    return await ModelImportCommand.RunAsync(importCommand, configuration, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables("SDWEBUI_");
builder.Configuration.AddInMemoryCollection(commandLine.Settings);

var refusal = StartupChecks.Validate(builder.Configuration);
if (refusal is not null)
{
    Console.Error.WriteLine(refusal);
    return 2;
}

builder.AddWebUi();
var app = builder.Build();
app.UseWebUi();
await app.RunAsync();
return 0;
