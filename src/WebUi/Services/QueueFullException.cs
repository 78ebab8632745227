namespace WebUi.Services;

/// <summary>The queue already holds <see cref="GenerationOptions.MaxQueuedJobs"/> waiting jobs.</summary>
public sealed class QueueFullException(int capacity)
    : InvalidOperationException($"The queue is full ({capacity} jobs waiting). Wait for a job to finish, or cancel one of yours.")
{
    public int Capacity { get; } = capacity;
}
