// Beside the create form's button: how many free relays the account may still hold (QUOTA_FREE_RELAYS, from the
// free plan's quote), so that the refusal at the quota is known before the form is sent, not after.
import { createResource, Match, Switch } from "solid-js";
import { ApiError } from "~/lib/api";
import { Info, TriangleAlert } from "./icons";

/** What the quota says for a free plan: the relays left, or the API's refusal when none is. */
export type FreeQuota = { left: number | null } | { refused: string };

/** @param props.quota asks the API (GET /quote for the plan): free relays left, or throws the quota's 403 */
export function FreeQuotaHint(props: { plan: string; quota: (plan: string) => Promise<number | null> }) {
  const [quota] = createResource(
    () => props.plan,
    async (plan): Promise<FreeQuota | null> => {
      try {
        return { left: await props.quota(plan) };
      } catch (e) {
        // only the quota's own refusal is news here; any other failure is for the submit to report
        return e instanceof ApiError && e.status === 403 ? { refused: e.message } : null;
      }
    },
  );
  // read only once answered: reading a resource still loading suspends the page (the app's Suspense shows its
  // fallback), which took the focus off the plan just chosen with the keyboard
  const q = () => (quota.state === "ready" || quota.state === "refreshing" ? quota.latest : undefined);
  return (
    <Switch>
      <Match when={q() && "refused" in q()! && (q() as { refused: string })}>
        {(r) => (
          <p class="flex items-start gap-2 text-sm text-destructive" role="status" data-testid="free-quota">
            <TriangleAlert class="mt-0.5 size-4 shrink-0" />
            <span>{r().refused}</span>
          </p>
        )}
      </Match>
      <Match when={q() && "left" in q()! && (q() as { left: number | null }).left}>
        {(left) => (
          <p class="flex items-start gap-2 text-sm text-muted-foreground" role="status" data-testid="free-quota">
            <Info class="mt-0.5 size-4 shrink-0" />
            <span>
              {left() === 1
                ? "This is the last free relay this account can hold."
                : `This account can hold ${left()} more free relays.`}
            </span>
          </p>
        )}
      </Match>
    </Switch>
  );
}
