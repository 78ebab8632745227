namespace Engine.Schedulers;

/// <summary>Called by a sampler after every step; must not keep the spans.</summary>
public delegate void SamplerStepCallback(in SamplerStep step);
