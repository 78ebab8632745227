using Microsoft.AspNetCore.Components;
using WebUi.Data;
using WebUi.Infotext;
using WebUi.Localization;

namespace WebUi.Components.Shared;

/// <summary>
/// The prompt history (recent, most used, or a word search); a click sends the prompt and negative prompt to txt2img
/// through <see cref="ParametersTransfer"/>, leaving the other txt2img fields as they are.
/// </summary>
public sealed partial class PromptHistoryPanel
{
    /// <summary>Entries shown at most.</summary>
    public const int Take = 50;

    private string? _search;
    private int _tab;

    [Inject] private IGalleryStore Store { get; set; } = null!;

    [Inject] private ParametersTransfer Transfer { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private UiText T { get; set; } = null!;

    private IReadOnlyList<PromptHistoryEntry> Entries =>
        !string.IsNullOrWhiteSpace(_search) ? Store.SearchPrompts(_search, Take)
        : _tab == 1 ? Store.MostUsedPrompts(Take)
        : Store.RecentPrompts(Take);

    private void OnSearchChanged(string? value) => _search = value;

    // LiteDB reads an empty string back as null, whatever the property's annotation says.
    private void Reuse(PromptHistoryEntry entry)
    {
        Transfer.Send(TransferTarget.Txt2Img, new InfotextParameters(entry.Prompt ?? "", entry.NegativePrompt ?? "", []));
        Navigation.NavigateTo("txt2img");
    }
}
