using Assay.Training;
using ScottPlot;

namespace Assay.Cli;

/// <summary>Held-out pass@1 against compute for the three routes of <c>assay economics</c>, as PNG and SVG (ScottPlot).</summary>
internal static class EconomicsPlot
{
    /// <summary>Writes PATH.png and PATH.svg; returns both paths.</summary>
    public static (string Png, string Svg) Save(EconomicsResult result, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int r = 0; r < result.Routes.Count; r++)
        {
            var route = result.Routes[r];
            var color = palette.GetColor(r);
            // Compute in TFLOPs (10¹²) so the axis reads in small numbers; round 0 is the base model at zero compute.
            double[] xs = [.. route.CumulativeFlops.Select(f => f / 1e12)];
            double[] ys = [.. route.Ledger.Select(e => e.Evaluation.PassAt1 * 100)];
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = route.Name;
            line.MarkerSize = 7;
            line.LineWidth = 2;
            var bars = plot.Add.ErrorBar(xs, ys, [.. route.Ledger.Select(e => (e.Evaluation.PassAt1 - e.Evaluation.Low) * 100)]);
            bars.YErrorPositive = [.. route.Ledger.Select(e => (e.Evaluation.High - e.Evaluation.PassAt1) * 100)];
            bars.Color = color.WithAlpha(0.5);
        }

        var target = plot.Add.HorizontalLine(result.Target * 100, 1.5f, Colors.Gray, LinePattern.Dashed);
        target.LegendText = "90% of the leader's final pass@1";
        plot.Title($"nano: held-out pass@1 vs compute (seed {result.Settings.Seed}; bars: 95% CI over problems)");
        plot.XLabel("compute spent (TFLOPs: sampling 2·P·tokens + training 6·P·tokens + teacher passes)");
        plot.YLabel("held-out pass@1 (%)");
        plot.ShowLegend(Alignment.LowerRight);
        var png = path + ".png";
        var svg = path + ".svg";
        plot.SavePng(png, 1000, 620);
        plot.SaveSvg(svg, 1000, 620);
        return (png, svg);
    }
}
