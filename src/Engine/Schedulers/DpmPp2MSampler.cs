namespace Engine.Schedulers;

/// <summary>
/// "DPM++ 2M": k-diffusion <c>sample_dpmpp_2m</c> (DPM-Solver++(2M), Lu et al. 2022), second-order multistep in
/// log sigma; first and last steps are first order. A1111 defaults it to Karras.
/// </summary>
public sealed class DpmPp2MSampler : KDiffusionSampler
{
    public DpmPp2MSampler()
        : base("DPM++ 2M", ScheduleType.Karras)
    {
    }

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var old = run.NewBuffer();
        var hasOld = false;
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            float sigma = sigmas[i], next = sigmas[i + 1];
            run.Denoiser.Denoise(x, sigma, denoised);
            var t = -KDiffusionFloat32.Log(sigma);
            var tNext = -KDiffusionFloat32.Log(next);
            var h = tNext - t;
            var ratio = KDiffusionFloat32.Exp(-tNext) / KDiffusionFloat32.Exp(-t);
            var em1 = KDiffusionFloat32.Expm1(-h);
            if (!hasOld || next == 0)
            {
                for (var j = 0; j < x.Length; j++)
                {
                    x[j] = (ratio * x[j]) - (em1 * denoised[j]);
                }
            }
            else
            {
                var hLast = t - (-KDiffusionFloat32.Log(sigmas[i - 1]));
                var r = hLast / h;
                var cOld = 1f / (2f * r);
                var cNew = 1f + cOld;
                for (var j = 0; j < x.Length; j++)
                {
                    var blended = (cNew * denoised[j]) - (cOld * old[j]);
                    x[j] = (ratio * x[j]) - (em1 * blended);
                }
            }

            run.Report(i, x, denoised);
            (old, denoised) = (denoised, old);
            hasOld = true;
        }
    }
}
