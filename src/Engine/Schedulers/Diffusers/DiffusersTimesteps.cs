using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// The inference timesteps diffusers 0.25.1 schedulers build for each <c>timestep_spacing</c>, reproducing numpy's
/// <c>arange</c>/<c>linspace</c>/<c>round</c> (half to even) in float64.
/// </summary>
internal static class DiffusersTimesteps
{
    /// <summary>
    /// Descending timesteps as DDIM/Euler/LMS build them: linspace(0, N − 1, n) (unrounded, see <paramref name="roundLinspace"/>),
    /// leading arange(0, n)·(N // n) + offset, or trailing round(arange(N, 0, −N/n)) − 1.
    /// </summary>
    public static double[] Descending(SchedulerConfig config, int trainTimesteps, int steps, bool roundLinspace)
    {
        if (steps < 1 || steps > trainTimesteps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(steps), steps, $"Steps must be between 1 and num_train_timesteps ({trainTimesteps}).");
        }

        switch (config.TimestepSpacing)
        {
            case TimestepSpacing.Linspace:
            {
                var values = Linspace(0, trainTimesteps - 1, steps);
                Array.Reverse(values);
                return roundLinspace ? Array.ConvertAll(values, Math.Round) : values;
            }

            case TimestepSpacing.Leading:
            {
                var ratio = trainTimesteps / steps;
                var values = new double[steps];
                for (var i = 0; i < steps; i++)
                {
                    values[i] = ((double)(steps - 1 - i) * ratio) + config.StepsOffset;
                }

                return values;
            }

            default:
            {
                var ratio = (double)trainTimesteps / steps;
                var values = Arange(trainTimesteps, 0, -ratio);
                return Array.ConvertAll(values, v => Math.Round(v) - 1);
            }
        }
    }

    /// <summary>numpy <c>arange(start, stop, step)</c>: length ceil((stop − start) / step), values start + i·step.</summary>
    public static double[] Arange(double start, double stop, double step)
    {
        var length = Math.Max((int)Math.Ceiling((stop - start) / step), 0);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = start + (i * step);
        }

        return values;
    }

    /// <summary>numpy <c>linspace(start, stop, num)</c>: start + i·step with the last value exactly stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var values = new double[num];
        if (num == 1)
        {
            values[0] = start;
            return values;
        }

        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++)
        {
            values[i] = (i * step) + start;
        }

        values[^1] = stop;
        return values;
    }

    /// <summary>numpy <c>interp(x, arange(len(table)), table)</c> on a float32 table.</summary>
    public static double Interpolate(double x, float[] table)
    {
        if (x <= 0)
        {
            return table[0];
        }

        if (x >= table.Length - 1)
        {
            return table[^1];
        }

        var low = (int)Math.Floor(x);
        var fraction = x - low;
        return fraction == 0 ? table[low] : table[low] + (fraction * ((double)table[low + 1] - table[low]));
    }
}
