// Reports, content and bans (/relays/:id/moderation; ?tab= opens one of them), with the moderation queue on top.
import { useRelayPage } from "../page-context";
import { ModerationView } from "../../community/Moderation";
import { ModerationQueue } from "./ModerationQueue";

export default function ModerationSection() {
  const page = useRelayPage();
  return (
    <ModerationView relay={page.relay()}>
      <ModerationQueue relayId={String(page.relay().id)} />
    </ModerationView>
  );
}
