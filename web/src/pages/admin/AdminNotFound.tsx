// "/admin/<anything else>" — not found inside the admin frame, so the admin keeps the menu and a way back.
import { NotFoundState } from "~/components/states";

export default function AdminNotFound() {
  return (
    <NotFoundState
      title="Page not found"
      description="There is no admin page at this address."
      back={{ href: "/admin", label: "Admin overview" }}
    />
  );
}
