// A chart beside the figures it draws: uPlot is loaded on first use (uplot-chart.ts), follows its box's width, and
// is only a picture — the same figures are always in a table or a sentence next to it (screen readers, and where a
// canvas cannot be drawn the chart simply stays empty).
import { onCleanup, onMount } from "solid-js";
import type { ChartSpec } from "./uplot-chart";

export type { ChartSeries, ChartSpec } from "./uplot-chart";

export function Chart(props: { spec: ChartSpec; label: string; testId?: string }) {
  let box!: HTMLDivElement;
  let chart: { resize: (w: number) => void; destroy: () => void } | undefined;
  let observer: ResizeObserver | undefined;
  let gone = false;
  onMount(async () => {
    // uPlot draws on a canvas; where there is none (a test's DOM) the chart stays empty rather than failing later
    if (!document.createElement("canvas").getContext?.("2d")) return;
    try {
      const { draw } = await import("./uplot-chart");
      if (gone) return;
      chart = draw(box, props.spec, box.clientWidth || 640);
      if (typeof ResizeObserver !== "undefined") {
        observer = new ResizeObserver(() => chart?.resize(box.clientWidth || 640));
        observer.observe(box);
      }
    } catch {
      // no canvas here (or the chunk did not load): the figures beside it still say everything
    }
  });
  onCleanup(() => {
    gone = true;
    observer?.disconnect();
    chart?.destroy();
  });
  return <div ref={box} role="img" aria-label={props.label} class="w-full min-w-0" data-testid={props.testId} />;
}
