import { useParams } from "@solidjs/router";
import { ModerationView } from "~/components/community/Moderation";

export default function RelayModeration() {
  const params = useParams();
  return <ModerationView id={params.id!} />;
}
