// How long a relay ban lasts: the choices the ban dialog offers, the end time (epoch seconds) a choice gives, and the
// words for a ban's end on the ban list. The server checks the same bounds (at least a minute, at most 366 days).
import { formatDateTime } from "./format";

export const BAN_DURATIONS = [
  { value: "", label: "Until lifted by hand" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "1 day" },
  { value: "604800", label: "7 days" },
  { value: "2592000", label: "30 days" },
  { value: "custom", label: "Until a date…" },
] as const;

export const LONGEST_BAN_SECONDS = 366 * 86_400;
const SHORTEST_BAN_SECONDS = 60;

/**
 * The end time a choice gives, or null for a ban without end. `custom` is a `datetime-local` value (the person's own
 * time zone). Returns an error sentence instead when the time is not one a ban may end at.
 */
export function banUntil(
  choice: string,
  custom: string,
  nowMs = Date.now(),
): { until: number | null } | { error: string } {
  const now = Math.floor(nowMs / 1000);
  if (choice === "") return { until: null };
  let until: number;
  if (choice === "custom") {
    const ms = custom ? new Date(custom).getTime() : Number.NaN;
    if (Number.isNaN(ms)) return { error: "Pick the date and time the ban ends." };
    until = Math.floor(ms / 1000);
  } else {
    const seconds = Number(choice);
    if (!Number.isInteger(seconds) || seconds <= 0) return { error: "Pick how long the ban lasts." };
    until = now + seconds;
  }
  if (until <= now) return { error: "The end of a ban must be in the future." };
  if (until < now + SHORTEST_BAN_SECONDS) return { error: "A ban must last at least a minute." };
  if (until > now + LONGEST_BAN_SECONDS)
    return { error: "A ban can end at most a year from now; choose no end instead." };
  return { until };
}

/** The ban list's words for a ban's end. */
export function banEndText(until: number | null | undefined): string {
  return until ? `until ${formatDateTime(until)}` : "no end date";
}
