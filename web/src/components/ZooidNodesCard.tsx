// The admin overview's zooid nodes: each node's relays against its capacity, the room left for new relays, and whether
// its management API answers now. Loading it asks every node (the API does it at once), so it is its own resource:
// the rest of the overview never waits on a node that does not answer.
import { For, Show } from "solid-js";
import type { ZooidNodeUse } from "~/lib/types";
import { formatNumber } from "~/lib/format";
import { Badge } from "./ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table";

/** "3 / 10", or "3" for a node without a capacity (no limit). */
export function nodeUseText(n: ZooidNodeUse): string {
  return n.capacity === null ? formatNumber(n.relays) : `${formatNumber(n.relays)} / ${formatNumber(n.capacity)}`;
}

/** What a new relay may still take: none left (or over) is a warning, no capacity is no limit. */
export function roomText(n: ZooidNodeUse): string {
  if (n.room === null) return "no limit";
  if (n.room < 0) return `${formatNumber(-n.room)} over capacity`;
  if (n.room === 0) return "full";
  return formatNumber(n.room);
}

export function ZooidNodesCard(props: { nodes: ZooidNodeUse[] }) {
  return (
    <Card data-testid="zooid-nodes">
      <CardHeader>
        <CardTitle>zooid nodes</CardTitle>
        <CardDescription>
          New relays go to the node with most room, or to a node serving the relay domain asked for.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Node</TableHead>
              <TableHead>Relay domain</TableHead>
              <TableHead>Relays</TableHead>
              <TableHead>Room</TableHead>
              <TableHead>API</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            <For each={props.nodes}>
              {(n) => (
                <TableRow>
                  <TableCell class="font-mono text-xs">
                    {n.name}
                    <Show when={n.default}>
                      <span class="ml-2 font-sans text-muted-foreground">default</span>
                    </Show>
                  </TableCell>
                  <TableCell class="font-mono text-xs">{n.relay_domain}</TableCell>
                  <TableCell class="tabular-nums">{nodeUseText(n)}</TableCell>
                  <TableCell class="tabular-nums">
                    <Show when={n.room !== null && n.room <= 0} fallback={roomText(n)}>
                      <Badge variant="warning">{roomText(n)}</Badge>
                    </Show>
                  </TableCell>
                  <TableCell>
                    <Show when={n.reachable} fallback={<Badge variant="destructive">unreachable</Badge>}>
                      <Badge variant="success">answers</Badge>
                    </Show>
                    <Show when={n.problem}>{(p) => <div class="mt-1 text-xs text-muted-foreground">{p()}</div>}</Show>
                  </TableCell>
                </TableRow>
              )}
            </For>
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
