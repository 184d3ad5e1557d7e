// The Moderation page's export: everything the relay holds as a JSON-lines file (the format its import takes back),
// saved where the person picks.
import { community } from "~/lib/community";
import { DownloadButton, saveStreamed } from "../DownloadButton";

export function ExportButton(props: { relayId: string; subdomain: string }) {
  return (
    <DownloadButton
      save={() => saveStreamed(`${props.subdomain}-events.jsonl`, () => community.exportEvents(props.relayId))}
      testId="export"
    >
      Export all events
    </DownloadButton>
  );
}
