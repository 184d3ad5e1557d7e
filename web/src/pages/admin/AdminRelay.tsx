import { useParams } from "@solidjs/router";
import { RelayView } from "~/components/RelayView";

export default function AdminRelay() {
  const params = useParams();
  return <RelayView id={params.id!} admin />;
}
