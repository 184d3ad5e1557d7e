// Reports, content and bans (/relays/:id/moderation; ?tab= opens one of them).
import { ModerationView } from "../../community/Moderation";
import { useRelayPage } from "../page-context";

export default function ModerationSection() {
  const page = useRelayPage();
  return <ModerationView relay={page.relay()} />;
}
