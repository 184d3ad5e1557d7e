// What the relay page's shell (RelayView) shares with its sections: the relay it loaded and follows live, the
// actions the API accepts on it, and its admission settings. The shell owns these so that moving between sections
// neither reloads the relay nor drops the live stream; the sections' own lists are queries keyed by the relay
// (lib/queries/relay.ts), which the shell revalidates when the live stream says they changed.
import { createContext, type Resource, useContext } from "solid-js";
import type { AdmissionSettings } from "~/lib/admission";
import type { Relay } from "~/lib/types";

export type RelayPageState = {
  /** The relay, current (the live stream's changes included). */
  relay: () => Relay;
  /** Replaces the relay shown with the API's answer to a change. */
  mutate: (r: Relay) => void;
  refetch: () => void;
  /** The relay pages' path: /relays or /admin/relays. */
  base: string;
  admin: boolean;
  /** Whether the viewer owns the relay: the cards speak to the owner, an admin reads about the owner. */
  own: () => boolean;
  /** Whether the API accepts the action on the relay in its state (the relay's actions). */
  can: (action: string) => boolean;
  admission: Resource<AdmissionSettings>;
  refetchAdmission: () => void;
  setAdmission: (s: AdmissionSettings) => void;
  /** Asks to deactivate the relay (the shell's confirmation dialog). */
  confirmDeactivate: () => void;
};

export const RelayPageContext = createContext<RelayPageState>();

export function useRelayPage(): RelayPageState {
  const state = useContext(RelayPageContext);
  if (!state) throw new Error("a relay section is rendered outside the relay page");
  return state;
}
