// The dashboard's charts, drawn with uPlot (vendor/uplot, loaded by index.html as the global uPlot).

const Palette = ["#2c5bd6", "#d1495b", "#1e7d3a", "#edae49", "#6a4c93", "#00798c", "#8d6e63", "#30638e"];

function frame(title, width) {
  const box = document.createElement("figure");
  box.className = "chart";
  const heading = document.createElement("h3");
  heading.textContent = title;
  box.append(heading);
  return { box, width: Math.min(width, 560) };
}

/**
 * pass@k against k (log scale), one line per model: how fast more samples pay off.
 * entries: [{ model, pass_at_k: [{ k, value }] }]
 */
export function passAtKCurves(entries, width = 560) {
  const ks = [...new Set(entries.flatMap(e => e.pass_at_k.map(p => p.k)))].sort((a, b) => a - b);
  const data = [ks, ...entries.map(e => ks.map(k => e.pass_at_k.find(p => p.k === k)?.value ?? null))];
  const { box, width: w } = frame("pass@k", width);
  const series = [{ label: "k" }, ...entries.map((e, i) => ({
    label: e.model, stroke: Palette[i % Palette.length], width: 2, points: { show: true }, spanGaps: false,
    value: (_, v) => v == null ? "–" : (100 * v).toFixed(1) + " %",
  }))];
  const options = {
    width: w, height: 260, series,
    scales: { x: { time: false, distr: 3 }, y: { range: [0, 1] } },
    axes: [{ label: "k (samples)" }, { values: (_, ticks) => ticks.map(t => Math.round(100 * t) + " %") }],
  };
  new uPlot(options, data, box);
  return box;
}

/**
 * One value per campaign over campaign dates: a model's progress (pass@1 with its interval) or its cost per verified
 * solution. points: [{ at: Date, value, lower?, upper? }]
 */
export function overTime(title, points, format, width = 560) {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  const xs = sorted.map(p => p.at.getTime() / 1000);
  const withInterval = sorted.some(p => p.lower != null);
  const data = [xs, sorted.map(p => p.value)];
  const series = [{ label: "campaign started" }, { label: title, stroke: Palette[0], width: 2, points: { show: true }, value: (_, v) => v == null ? "–" : format(v) }];
  if (withInterval) {
    data.push(sorted.map(p => p.lower ?? null), sorted.map(p => p.upper ?? null));
    series.push({ label: "lower", stroke: "#9fb3e8", dash: [4, 4] }, { label: "upper", stroke: "#9fb3e8", dash: [4, 4] });
  }

  const { box, width: w } = frame(title, width);
  new uPlot({ width: w, height: 240, series, axes: [{}, { values: (_, ticks) => ticks.map(format) }] }, data, box);
  return box;
}
