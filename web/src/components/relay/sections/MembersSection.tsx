// The relay's members (/relays/:id/members): the invitation to share, the join requests waiting and whether
// strangers may ask, then who is in (and who paid to join), each across the width so that long lists and the paying
// members' table have the card's full room.
import { InviteCard } from "../../community/InviteCard";
import { JoinRequestsCard } from "../../community/JoinRequestsCard";
import { JoinSettingsCard } from "../../community/JoinSettingsCard";
import { MembersCard } from "../../community/MembersCard";
import { useRelayPage } from "../page-context";

export default function MembersSection() {
  const page = useRelayPage();
  const mode = () =>
    page.admission.state === "ready" || page.admission.state === "refreshing" ? page.admission.latest?.mode : undefined;
  return (
    <div class="grid grid-cols-1 gap-6">
      <InviteCard relay={page.relay()} />
      <JoinRequestsCard relay={page.relay()} />
      <MembersCard relay={page.relay()} base={page.base} owner={page.own()} admission={mode()} />
      <JoinSettingsCard relay={page.relay()} readOnly={!page.can("edit")} />
    </div>
  );
}
