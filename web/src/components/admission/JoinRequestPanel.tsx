// The signed-in person's join request on an "ask to join" relay's page: where it stands (waiting, approved, denied)
// and, when they have none waiting, the short form that asks, sent as their own key.
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import type { JoinInfo } from "~/lib/admission";
import { joinWrites } from "~/lib/queries/join-writes";
import { useWrite } from "~/lib/queries/write";
import { MAX_MESSAGE, requestStatusText, type MyJoinRequest } from "~/lib/joinRequests";
import { cn } from "~/lib/utils";
import { CircleCheck, Info, TriangleAlert } from "../icons";
import { Button } from "../ui/button";
import { TextField } from "../ui/text-field";

export function JoinRequestPanel(props: {
  info: JoinInfo;
  mine: MyJoinRequest;
  onChange: (m: MyJoinRequest) => void;
  /** the standing changed on the server (a member already): read it again */
  onStale: () => void;
}) {
  const [message, setMessage] = createSignal("");
  const [error, setError] = createSignal<string | null>(null);
  const [sending, setSending] = createSignal(false);
  const askToJoin = useWrite(joinWrites.ask);
  const canAsk = () => props.mine.status === "none" || props.mine.status === "denied";
  const good = () =>
    props.mine.status === "approved" || props.mine.status === "member" || props.mine.status === "to_pay";

  const ask = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if ([...message().trim()].length > MAX_MESSAGE) {
      setError(`At most ${MAX_MESSAGE} characters.`);
      return;
    }
    setSending(true);
    try {
      props.onChange(await askToJoin(props.info.subdomain, message()));
      setMessage("");
      toast.success("Request sent. You'll get a DM when the team decides.");
    } catch (err) {
      if (err instanceof ApiError && err.field === "message") setError(err.message);
      else toast.error(`Couldn't send the request: ${errorMessage(err)}`);
      if (err instanceof ApiError && (err.code === "already_member" || err.code === "request_pending")) props.onStale();
    } finally {
      setSending(false);
    }
  };

  return (
    <div class="grid gap-4">
      <Show when={props.mine.status !== "none"}>
        <div
          class={cn(
            "flex items-start gap-3 rounded-xl border p-4 text-sm",
            good()
              ? "border-success/40 bg-success/10"
              : props.mine.status === "denied"
                ? "border-destructive/40 bg-destructive/5"
                : "bg-muted/40",
          )}
          role="status"
          data-testid="join-request-status"
          data-status={props.mine.status}
        >
          <Show
            when={good()}
            fallback={
              props.mine.status === "denied" ? (
                <TriangleAlert class="mt-0.5 size-5 shrink-0 text-warning" aria-hidden="true" />
              ) : (
                <Info class="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
              )
            }
          >
            <CircleCheck class="mt-0.5 size-5 shrink-0 text-success" aria-hidden="true" />
          </Show>
          <span>{requestStatusText(props.mine.status, props.info.name)}</span>
        </div>
      </Show>
      <Show when={canAsk()}>
        <form class="grid gap-3" onSubmit={ask} data-testid="join-request-form">
          <TextField
            label="A few words for the team (optional)"
            multiline
            rows={3}
            value={message()}
            onChange={setMessage}
            error={error()}
            placeholder="Who you are, why you'd like to join"
            description={`${[...message()].length}/${MAX_MESSAGE}`}
            testId="join-request-message"
          />
          <Button type="submit" size="lg" disabled={sending()} data-testid="join-request-send">
            {sending() ? "Sending…" : props.info.terms.trim() ? "Agree to the terms and ask to join" : "Ask to join"}
          </Button>
          <p class="text-center text-xs text-muted-foreground">
            Sent as your Nostr key. The team sees your profile and this message.
          </p>
        </form>
      </Show>
    </div>
  );
}
