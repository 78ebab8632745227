namespace Engine.Tests.Weights;

/// <summary>A temporary folder for weight files, removed afterwards; checks that a failed open left nothing behind.</summary>
internal sealed class WeightTestFolder : IDisposable
{
    public WeightTestFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "weights-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string File_(string name) => Path.Combine(Root, name);

    /// <summary>
    /// Asserts that <paramref name="open"/> fails with a <see cref="Engine.Weights.WeightFileException"/> naming
    /// <paramref name="path"/> and containing <paramref name="expected"/>, and that it left no file and no open handle.
    /// </summary>
    public Engine.Weights.WeightFileException AssertFails(string path, string expected, Func<IDisposable> open)
    {
        var before = Directory.GetFiles(Root).Order(StringComparer.Ordinal).ToArray();
        var ex = Assert.Throws<Engine.Weights.WeightFileException>(() => open().Dispose());
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), $"Expected \"{expected}\" in: {ex.Message}");
        Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(Root).Order(StringComparer.Ordinal).ToArray());

        // An exclusive open fails while any handle (which .NET locks shared) is still open.
        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }

        return ex;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
