import { useParams } from "@solidjs/router";
import { ModerationView } from "~/components/community/Moderation";

export default function AdminRelayModeration() {
  const params = useParams();
  return <ModerationView id={params.id!} admin />;
}
