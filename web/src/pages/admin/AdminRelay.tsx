import type { RouteSectionProps } from "@solidjs/router";
import { RelayView } from "~/components/RelayView";

/** /admin/relays/:id and its sections (the child routes, App.tsx). */
export default function AdminRelay(props: RouteSectionProps) {
  return (
    <RelayView id={props.params.id!} admin>
      {props.children}
    </RelayView>
  );
}
