// The reason a moderator gives for a destructive action or a ban, shared by the Moderation tabs, the member ban and the
// platform bans: at most 500 characters, its placeholder saying where the reason is kept.
import { Textarea } from "./ui/input";

export function ReasonField(props: {
  value: string;
  onInput: (v: string) => void;
  /** Where the reason goes; Caravel's log unless given. */
  placeholder?: string;
  label?: string;
}) {
  return (
    <Textarea
      placeholder={props.placeholder ?? "Reason (kept in Caravel's log)"}
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
      maxLength={500}
      aria-label={props.label ?? "Reason"}
    />
  );
}
