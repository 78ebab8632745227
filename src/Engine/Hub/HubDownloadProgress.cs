namespace Engine.Hub;

/// <summary>Download progress: the file being fetched and the bytes done over the whole download.</summary>
public sealed record HubDownloadProgress(string File, long BytesDone, long BytesTotal);
