// Super-admin: the platform's webhooks, which hear every relay's events (docs/webhooks.md).
import { PageHeader } from "~/components/PageHeader";
import { WebhooksCard } from "~/components/WebhooksCard";

export default function AdminWebhooks() {
  return (
    <div class="grid gap-6">
      <PageHeader
        title="Webhooks"
        description="Endpoints of the platform: each hears the events it picked from every relay, signed with its own secret."
      />
      <WebhooksCard scope="platform" />
    </div>
  );
}
