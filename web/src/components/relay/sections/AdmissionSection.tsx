// How people get in (/relays/:id/admission): free by invitation, or paid, with the owner's wallet.
import { AdmissionCard } from "../AdmissionCard";
import { useRelayPage } from "../page-context";

export default function AdmissionSection() {
  const page = useRelayPage();
  return (
    <AdmissionCard
      relay={page.relay()}
      settings={page.admission}
      refetch={page.refetchAdmission}
      onSaved={page.setAdmission}
      readOnly={!page.can("edit")}
    />
  );
}
