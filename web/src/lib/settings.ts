// Relay settings as the web app shows them: the order, a label and a sentence for each. Values, locks and refusals
// come from the API (Relay.settings, Relay.settings_locked, error bodies); nothing here decides what may be switched.
import type { Relay, RelaySettings, SettingName } from "./types";

export interface SettingInfo {
  name: SettingName;
  label: string;
  description: string;
}

export const SETTINGS: readonly SettingInfo[] = [
  { name: "policy_public_join", label: "Open joining", description: "Anyone can join without an invite." },
  {
    name: "members_can_invite",
    label: "Members can invite",
    description: "Every member can create invite links, not only you.",
  },
  { name: "groups_enabled", label: "Rooms", description: "Members can talk in rooms (NIP-29 groups)." },
  { name: "blossom_enabled", label: "Media", description: "Members can upload images and files (Blossom)." },
  { name: "livekit_enabled", label: "Calls", description: "Members can start voice and video calls (LiveKit)." },
  { name: "push_enabled", label: "Push notifications", description: "Members' apps can be notified of new posts." },
  {
    name: "policy_strip_signatures",
    label: "Strip signatures",
    description: "Posts are served without their signatures, so they cannot be re-published elsewhere.",
  },
  {
    name: "management_enabled",
    label: "Management API",
    description: "Moderation tools can manage members and bans on the relay (NIP-86).",
  },
  { name: "policy_public_read", label: "Public reading", description: "Anyone can read without joining." },
  { name: "policy_public_write", label: "Public writing", description: "Anyone can post without joining." },
];

/** The relay's settings with one switched (what the page shows while the change is on its way). */
export function withSetting(relay: Relay, name: SettingName, value: boolean): Relay {
  const settings: RelaySettings = { ...relay.settings, [name]: value };
  return { ...relay, settings };
}

/** Why a setting cannot be switched now, or null (from the API's settings_locked). */
export function lockOf(relay: Relay, name: SettingName): string | null {
  return relay.settings_locked?.[name]?.message ?? null;
}
