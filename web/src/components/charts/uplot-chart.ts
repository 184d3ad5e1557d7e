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
}

/** Draws the chart into el; returns what resizes it and what removes it. */
export function draw(el: HTMLElement, spec: ChartSpec, width: number) {
  const xs = spec.labels.map((_, i) => i);
  const bars = uPlot.paths.bars?.({ size: [0.6, 48], align: 0 });
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
        { values: (_u, ticks) => ticks.map((t) => spec.labels[t] ?? ""), splits: () => xs, grid: { show: false } },
        { values: (_u, ticks) => ticks.map(spec.format), size: 70 },
      ],
      series: [
        { label: "Month", value: (_u, v) => (v == null ? "" : (spec.labels[v] ?? "")) },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: spec.kind === "bars" ? s.color : undefined,
          width: spec.kind === "bars" ? 0 : 2,
          paths: spec.kind === "bars" ? bars : undefined,
          points: { show: spec.kind === "lines" },
          value: (_u: uPlot, v: number | null) => (v == null ? "" : spec.format(v)),
        })),
      ],
    },
    [xs, ...spec.series.map((s) => s.values)],
    el,
  );
  return {
    resize: (w: number) => chart.setSize({ width: w, height: spec.height }),
    destroy: () => chart.destroy(),
  };
}
