using Engine.Models;
using Engine.Pipelines;
using WebUi.Services;

namespace WebUi.Api;

/// <summary>An API request turned into a queue job: what the engine computes, how the app treats the job, and the options it ran with.</summary>
/// <param name="Request">The engine's request.</param>
/// <param name="JobOptions">Gallery saving and the model to run on.</param>
/// <param name="Settings">The A1111 options for this job (the store's, with <c>override_settings</c> applied).</param>
/// <param name="Model">The model the job will run on.</param>
/// <param name="SendImages">Whether the response carries the images (A1111's <c>send_images</c>).</param>
public sealed record ApiJobPlan(GenerationRequest Request, GenerationJobOptions JobOptions, ApiSettings Settings, ModelDescriptor Model, bool SendImages);
