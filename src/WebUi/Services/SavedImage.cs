namespace WebUi.Services;

/// <summary>One image of a job as written to disk and recorded in the gallery.</summary>
/// <param name="GalleryId">The gallery record's id.</param>
/// <param name="RelativePath">The PNG's path under the data folder, with '/' separators.</param>
/// <param name="Seed">The image's seed.</param>
/// <param name="Infotext">Its A1111 parameters text.</param>
public sealed record SavedImage(int GalleryId, string RelativePath, long Seed, string Infotext);
