// The admin overview's notice about where Blossom media really goes. Shown when BLOSSOM_S3_* is set but zooid ignores
// it (its archived line keeps media on its own disk), or when Caravel cannot tell yet; nothing when media is where
// the settings say (S3 in effect, or no S3 configured). The sentences are the API's, so the log and the page agree.
import { Match, Show, Switch } from "solid-js";
import type { MediaStorage } from "~/lib/types";
import { Info } from "./icons";
import { WarningNotice } from "./WarningNotice";

export function MediaStorageNotice(props: { media: MediaStorage }) {
  return (
    <Switch>
      <Match when={props.media.state === "s3_ignored"}>
        <WarningNotice title="S3 media storage is not in effect" testId="media-storage-notice">
          <div class="text-muted-foreground">{props.media.message}</div>
          <Show when={props.media.action}>{(action) => <div>{action()}</div>}</Show>
        </WarningNotice>
      </Match>
      <Match when={props.media.state === "unknown"}>
        <div class="flex gap-3 rounded-xl border p-4 text-sm" role="status" data-testid="media-storage-notice">
          <Info class="mt-0.5 size-5 shrink-0 text-muted-foreground" />
          <div class="grid gap-1">
            <div class="font-medium">S3 media storage not confirmed yet</div>
            <div class="text-muted-foreground">{props.media.message}</div>
          </div>
        </div>
      </Match>
    </Switch>
  );
}
