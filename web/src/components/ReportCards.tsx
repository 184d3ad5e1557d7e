// The pieces the report pages share (the money view, the platform's insight, a relay's insight): a headline figure,
// and a titled card holding a chart or a table.
import { type JSX, Show } from "solid-js";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";

/** One headline figure with its label and an optional line under it. */
export function Stat(props: { label: string; value: JSX.Element; sub?: JSX.Element; testId: string }) {
  return (
    <div class="grid min-w-0 grid-cols-1 gap-1 rounded-xl border bg-card p-5 shadow-xs" data-testid={props.testId}>
      <span class="text-sm text-muted-foreground">{props.label}</span>
      <span class="truncate text-2xl font-semibold tracking-tight tabular-nums">{props.value}</span>
      <Show when={props.sub}>
        <span class="text-xs text-muted-foreground">{props.sub}</span>
      </Show>
    </div>
  );
}

/** What a report's card says in place of a chart or table with nothing to show. */
export function ReportNote(props: { children: JSX.Element }) {
  return <p class="text-sm text-muted-foreground">{props.children}</p>;
}

/** A titled card of a report: its chart, table or figures. */
export function ReportSection(props: { title: string; description?: string; children: JSX.Element; testId: string }) {
  return (
    <Card data-testid={props.testId}>
      <CardHeader>
        <CardTitle>{props.title}</CardTitle>
        <Show when={props.description}>
          <CardDescription>{props.description}</CardDescription>
        </Show>
      </CardHeader>
      <CardContent class="grid min-w-0 grid-cols-1 gap-4">{props.children}</CardContent>
    </Card>
  );
}
