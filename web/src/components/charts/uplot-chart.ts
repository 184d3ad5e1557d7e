// The one module that loads uPlot (a small canvas chart library) and its stylesheet: imported only when a chart is
// drawn (Chart.tsx), so neither is in the app's first download nor in the admin pages that have no chart.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: number[];
  /** a CSS colour (canvas needs a real one, not a variable) */
  color: string;
}

export interface ChartSpec {
  /** the x axis' labels, one per point */
  labels: string[];
  series: ChartSeries[];
  kind: "bars" | "lines";
  /** a y value as the axis and the legend write it */
  format: (v: number) => string;
  height: number;
  /** what one point of the x axis is, as the legend names it ("Month" unless said) */
  xLabel?: string;
}

/** Room one x label needs, in CSS pixels: past it, only every n-th label is written so none overlap. */
const LABEL_WIDTH = 64;

/**
 * Bars of several series are stacked: each series is drawn as the sum of itself and the ones after it, the tallest
 * first, so every bar shows all its parts instead of the last series hiding the others at the same x.
 */
function stacked(series: ChartSeries[]): number[][] {
  const out = series.map((s) => [...s.values]);
  for (let k = out.length - 2; k >= 0; k--) out[k] = out[k].map((v, i) => v + out[k + 1][i]);
  return out;
}

/** Draws the chart into el; returns what resizes it and what removes it. */
export function draw(el: HTMLElement, spec: ChartSpec, width: number) {
  const xs = spec.labels.map((_, i) => i);
  const bars = uPlot.paths.bars?.({ size: [0.6, 48], align: 0 });
  const data = spec.kind === "bars" && spec.series.length > 1 ? stacked(spec.series) : spec.series.map((s) => s.values);
  const chart = new uPlot(
    {
      width,
      height: spec.height,
      legend: { show: spec.series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [-0.5, xs.length - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          values: (_u, ticks) => ticks.map((t) => spec.labels[t] ?? ""),
          splits: (u) => {
            const step = Math.max(1, Math.ceil((xs.length * LABEL_WIDTH) / Math.max(1, u.width)));
            return xs.filter((i) => (xs.length - 1 - i) % step === 0);
          },
          grid: { show: false },
        },
        { values: (_u, ticks) => ticks.map(spec.format), size: 70 },
      ],
      series: [
        { label: spec.xLabel ?? "Month", value: (_u, v) => (v == null ? "" : (spec.labels[v] ?? "")) },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: spec.kind === "bars" ? s.color : undefined,
          width: spec.kind === "bars" ? 0 : 2,
          paths: spec.kind === "bars" ? bars : undefined,
          points: { show: spec.kind === "lines" },
          // the legend gives the series' own figure, not the stacked height it is drawn at
          value: (_u: uPlot, v: number | null, _si: number, i: number | null) =>
            v == null || i == null ? "" : spec.format(s.values[i] ?? v),
        })),
      ],
    },
    [xs, ...data],
    el,
  );
  return {
    resize: (w: number) => chart.setSize({ width: w, height: spec.height }),
    destroy: () => chart.destroy(),
  };
}
