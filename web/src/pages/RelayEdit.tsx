import { useParams } from "@solidjs/router";
import { RelayEditView } from "~/components/RelayEditView";

export default function RelayEdit() {
  const params = useParams();
  return <RelayEditView id={params.id!} />;
}
