// The signed-in person's standing on a join page (JoinStatus): what it means in words, the way in (Join, or the
// open invoice), and for a member the relay's address and a link that opens it in Flotilla.
import { Show } from "solid-js";
import { isMember, statusText, type JoinInfo, type JoinStatus } from "~/lib/admission";
import { cn } from "~/lib/utils";
import { CopyField } from "../copy";
import { CircleCheck, ExternalLink, Info, TriangleAlert, Zap } from "../icons";
import { Button, buttonVariants } from "../ui/button";
import { JoinInvoicePanel } from "./JoinInvoicePanel";

/** The Join button's words for the standing and the price. */
function joinLabel(info: JoinInfo, status: JoinStatus): string {
  if (status.status === "blocked") return "Try again";
  if (info.mode === "monthly" && info.trial_days > 0 && status.status === "none") return "Join — start the free trial";
  return status.status === "lapsed" ? "Join again" : "Join";
}

export function JoinStanding(props: {
  info: JoinInfo;
  status: JoinStatus;
  /** the page sells and the person may ask for an invoice now */
  canJoin: boolean;
  joining: boolean;
  checking: boolean;
  /** the last refusal of a join, in the API's words */
  problem: string | null;
  /** how many of the page's checks of the standing have been answered (data-checks, for tests to wait on) */
  checks?: number;
  onJoin: () => void;
  /** a new invoice once the open one expired */
  onRenew: () => void;
  onCheck: () => void;
}) {
  const text = () => statusText(props.status, props.info.mode);
  const member = () => isMember(props.status.status);
  const refused = () => props.status.status === "removed" || props.status.status === "blocked";
  const tone = () =>
    member() && props.status.status !== "grace"
      ? "border-success/40 bg-success/10"
      : refused()
        ? "border-destructive/40 bg-destructive/5"
        : props.status.status === "grace"
          ? "border-warning/40 bg-warning/10"
          : "bg-muted/40";
  return (
    <div class="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-4">
      <div
        class={cn("flex items-start gap-3 rounded-xl border p-4", tone())}
        role="status"
        data-testid="join-status"
        data-status={props.status.status}
        data-checks={props.checks ?? 0}
      >
        <Show
          when={member() && props.status.status !== "grace"}
          fallback={
            refused() || props.status.status === "grace" ? (
              <TriangleAlert class="mt-0.5 size-5 shrink-0 text-warning" aria-hidden="true" />
            ) : (
              <Info class="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
            )
          }
        >
          <CircleCheck class="mt-0.5 size-5 shrink-0 text-success" aria-hidden="true" />
        </Show>
        <div class="grid min-w-0 gap-1">
          <span class="font-medium" data-testid="join-status-title">
            {text().title}
          </span>
          <Show when={text().detail}>
            <span class="text-sm text-muted-foreground" data-testid="join-status-detail">
              {text().detail}
            </span>
          </Show>
        </div>
      </div>

      <Show when={member()}>
        {/* one column no wider than the card: sized by its content, the address field overflowed a phone's card */}
        <div class="grid grid-cols-1 gap-2">
          <span class="text-sm font-medium">Relay address</span>
          <CopyField
            text={props.status.relay_url}
            label="Copy relay address"
            toastText="Relay address copied"
            testId="join-relay-url"
          />
          <a
            href={props.status.flotilla_url}
            target="_blank"
            rel="noopener noreferrer"
            class={buttonVariants({ class: "justify-self-start" })}
            data-testid="join-flotilla"
          >
            <ExternalLink /> Open in Flotilla
          </a>
        </div>
      </Show>

      <Show when={props.status.invoice}>
        {(inv) => (
          <JoinInvoicePanel
            invoice={inv()}
            onCheck={props.onCheck}
            checking={props.checking}
            onRenew={props.onRenew}
            renewing={props.joining}
          />
        )}
      </Show>

      <Show when={props.canJoin}>
        <Button size="lg" onClick={() => props.onJoin()} loading={props.joining} data-testid="join-button">
          <Zap /> {joinLabel(props.info, props.status)}
        </Button>
      </Show>

      <Show when={props.problem}>
        <div
          role="alert"
          class="flex items-start gap-2 rounded-lg border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive"
          data-testid="join-error"
        >
          <TriangleAlert class="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span>{props.problem}</span>
        </div>
      </Show>
    </div>
  );
}
