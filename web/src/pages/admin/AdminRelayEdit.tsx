import { useParams } from "@solidjs/router";
import { RelayEditView } from "~/components/RelayEditView";

export default function AdminRelayEdit() {
  const params = useParams();
  return <RelayEditView id={params.id!} admin />;
}
