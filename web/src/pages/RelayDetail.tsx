import type { RouteSectionProps } from "@solidjs/router";
import { RelayView } from "~/components/RelayView";

/** /relays/:id and its sections (the child routes, App.tsx). */
export default function RelayDetail(props: RouteSectionProps) {
  return <RelayView id={props.params.id!}>{props.children}</RelayView>;
}
