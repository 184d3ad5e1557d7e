// Admins: where a relay lives (its zooid node), its latest move and the step it reached, and moving it to another
// node with room. A move is a job in steps on the server; this card follows it until it is done or has stopped.
import { createEffect, createSignal, onCleanup, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import type { Relay, RelayMove, ZooidNodeUse } from "~/lib/types";
import { adminQueries } from "~/lib/queries/admin";
import { formatNumber } from "~/lib/format";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Select } from "../ui/select";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

/** Nodes a relay on `current` may move to: every other node with room (or no capacity), in the operator's order. */
export function moveTargets(nodes: ZooidNodeUse[], current: string): ZooidNodeUse[] {
  return nodes.filter((n) => n.name !== current && (n.room === null || n.room > 0));
}

const STEPS: Record<RelayMove["step"], string> = {
  queued: "waiting to start",
  created: "copying events to the new node",
  copied: "switching to the new node",
  switched: "catching up on events written meanwhile",
  caught_up: "removing the relay from the old node",
  done: "done",
  failed: "stopped",
};

/** One line on a move: where from and to, and how far it got. */
export function moveText(m: RelayMove): string {
  const route = `${m.from_node} → ${m.to_node}`;
  if (m.step === "done") return `Moved ${route} with ${formatNumber(m.events)} events.`;
  if (m.step === "failed") return `The move ${route} stopped: ${m.error ?? "no reason given"}`;
  return `Moving ${route}: ${STEPS[m.step]} (${formatNumber(m.events)} events so far).`;
}

export const moveUnderWay = (m: RelayMove | null | undefined) => !!m && m.step !== "done" && m.step !== "failed";

/** How often an open page asks how a move is doing. */
const FOLLOW_MS = 2000;

export function NodeCard(props: { relay: Relay }) {
  const [nodes] = createQuery(
    () => true,
    () => adminQueries.nodes(),
  );
  // no content (204): the relay never moved
  const [move, { mutate }] = createQuery(() => props.relay.id, relayQueries.move);
  const refetch = () => refresh(relayQueries.move.key(props.relay.id));
  const moveRelay = useWrite(relayWrites.moveRelay);
  const current = () => props.relay.node ?? nodes()?.find((n) => n.default)?.name ?? "";
  const targets = () => (nodes.state === "ready" ? moveTargets(nodes(), current()) : []);
  const [target, setTarget] = createSignal("");
  const chosen = () => target() || targets()[0]?.name || "";
  const [confirming, setConfirming] = createSignal(false);
  const latest = () => (move.state === "ready" || move.state === "refreshing" ? move.latest : undefined);

  createEffect(() => {
    if (!moveUnderWay(latest())) return;
    const timer = setInterval(() => void refetch(), FOLLOW_MS);
    onCleanup(() => clearInterval(timer));
  });

  const start = async () => {
    try {
      mutate(await moveRelay(props.relay.id, chosen()));
      toast.success(`Moving ${props.relay.name} to ${chosen()}`);
    } catch (e) {
      toast.error(`Couldn't move the relay: ${errorMessage(e)}`);
    }
  };

  return (
    <Card data-testid="relay-node">
      <CardHeader>
        <CardTitle>zooid node</CardTitle>
        <CardDescription>
          On <span class="font-mono">{current() || "…"}</span>. A move keeps the relay's address, members and events.
        </CardDescription>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-3">
        <Show when={latest()}>
          {(m) => (
            <p class="text-sm" data-testid="relay-move" role="status">
              <Show when={m().step === "failed"} fallback={moveText(m())}>
                <Badge variant="destructive" class="mr-2">
                  stopped
                </Badge>
                {moveText(m())}
              </Show>
            </p>
          )}
        </Show>
        <Show
          when={targets().length > 0}
          fallback={
            <Show when={nodes.state === "ready"}>
              <p class="text-sm text-muted-foreground">No other node has room for it.</p>
            </Show>
          }
        >
          <div class="flex flex-wrap items-end gap-2">
            <Select
              label="Move to node"
              options={targets().map((n) => ({ value: n.name, label: `${n.name} (${n.relay_domain})` }))}
              value={chosen()}
              onChange={setTarget}
              testId="move-target"
            />
            <Button
              variant="outline"
              disabled={moveUnderWay(latest())}
              onClick={() => setConfirming(true)}
              data-testid="move-relay"
            >
              Move
            </Button>
          </div>
        </Show>
        <ConfirmDialog
          open={confirming()}
          onOpenChange={setConfirming}
          title={`Move ${props.relay.name} to ${chosen()}?`}
          description={
            <>
              Its config, members and bans are set up on <span class="font-mono">{chosen()}</span>, its events copied,
              then it is served from there at the same address; events written meanwhile are copied again, and it is
              removed from <span class="font-mono">{current()}</span> last. If anything is refused before the switch, it
              stays where it is, whole.
            </>
          }
          confirmLabel="Move"
          onConfirm={start}
        />
      </CardContent>
    </Card>
  );
}
