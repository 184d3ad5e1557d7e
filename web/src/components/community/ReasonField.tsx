// The reason a moderator gives for a destructive action (kept in Caravel's log), shared by the Moderation tabs.
import { Textarea } from "../ui/input";

export function ReasonField(props: { value: string; onInput: (v: string) => void }) {
  return (
    <Textarea
      placeholder="Reason (kept in Caravel's log)"
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
      maxLength={500}
      aria-label="Reason"
    />
  );
}
