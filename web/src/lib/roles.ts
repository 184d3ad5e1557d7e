// What the signed-in person may do on a relay, as the API says (the relay view's `may`: the backend's one rule,
// caravel.team.RelayRole.may). The page only hides what the API would refuse anyway; it never decides.

/** The relay actions the API names (RelayAction, lower case). */
export type RelayAction =
  | "view"
  | "moderate"
  | "erase"
  | "settings"
  | "team"
  | "plan"
  | "billing"
  | "lifecycle"
  | "ownership";

type Gated = { role?: string | null; may?: string[] | null };

/** Whether the viewer may take the action; a view with no role (an older answer) is the owner's own. */
export function may(relay: Gated, action: RelayAction): boolean {
  if (!relay.may) return true;
  return relay.may.includes(action);
}

const ACTION_WORDS: Record<RelayAction, string> = {
  view: "see this relay",
  moderate: "moderate this relay",
  erase: "erase a member from this relay",
  settings: "change this relay's settings",
  team: "manage this relay's team",
  plan: "change this relay's plan",
  billing: "see or pay this relay's bills",
  lifecycle: "deactivate or delete this relay",
  ownership: "transfer this relay",
};

/** The sentence a page shows instead of what the role may not use ("As a moderator you cannot …"). */
export function roleCannot(relay: Gated, action: RelayAction): string {
  const role = relay.role ?? "team member";
  const article = role === "admin" ? "an admin" : `a ${role}`;
  return `Your role on this relay is ${role}: as ${article} you cannot ${ACTION_WORDS[action]}. Ask the relay's owner.`;
}

/** Whom a team member's role lets manage: the owner anyone, an admin moderators, a moderator no one. */
export function canManageMember(viewerRole: string | null | undefined, memberRole: string): boolean {
  if (!viewerRole || viewerRole === "owner") return true;
  return viewerRole === "admin" && memberRole === "moderator";
}

/** The roles the viewer may give (an admin makes moderators only). */
export function assignableRoles(viewerRole: string | null | undefined): ("admin" | "moderator")[] {
  if (!viewerRole || viewerRole === "owner") return ["moderator", "admin"];
  if (viewerRole === "admin") return ["moderator"];
  return [];
}
