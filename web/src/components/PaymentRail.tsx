// The account's payment rail: Lightning (invoices, optional autopay) or card (Stripe), pay by card, the Stripe portal.
// Card payments count only once Stripe's webhook confirms them: coming back from Checkout changes nothing by itself,
// and what the notice says comes from the account's next payment (a switch's card is saved, not charged).
import { createEffect, createSignal, on, Show } from "solid-js";
import { toast } from "solid-sonner";
import { api, ApiError, errorMessage } from "~/lib/api";
import { formatDate, formatMoney } from "~/lib/format";
import type { CardAccount } from "~/lib/types";
import { cardPricePerMonth, type NextPaymentInfo } from "./NextPayment";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Button } from "./ui/button";
import { CreditCard, ExternalLink, TriangleAlert, Zap } from "./icons";
import { createQuery, refresh } from "~/lib/queries/read";
import { tenantQueries } from "~/lib/queries/tenant";
import { tenantWrites } from "~/lib/queries/tenant-writes";
import { useWrite } from "~/lib/queries/write";

/**
 * What coming back from Stripe Checkout means (the ?card= parameter of its return URL), told from the account's next
 * payment: a switch from Lightning saves the card and charges nothing until the Lightning period ends; on card, what
 * was waiting is charged and served once Stripe confirms it.
 */
export function checkoutReturnNotice(
  param: string | null,
  next?: NextPaymentInfo | null,
): { tone: "ok" | "warn"; text: string } | null {
  if (param === "cancelled")
    return {
      tone: "warn",
      text: "The card payment was not completed: nothing was charged, and relays waiting for it stay awaiting payment. You can try again below.",
    };
  // what happened is known from the account's next payment: nothing is said before it is loaded
  if (param !== "success" || !next) return null;
  const sw = next.rail_switch;
  if (sw?.to === "card") {
    const price = cardPricePerMonth(next);
    if (!sw.ready)
      return {
        tone: "ok",
        text: "Stripe is confirming your card, usually within seconds. Nothing is charged to it today.",
      };
    return {
      tone: "ok",
      text: `Your card is saved. Nothing was charged today: Stripe charges it first on ${formatDate(sw.at)}${price ? ` (${price})` : ""}, when the period paid over Lightning ends.`,
    };
  }
  if (next.card_due)
    return {
      tone: "ok",
      text: "Stripe is confirming your card payment: relays waiting for it start as soon as Stripe confirms it, usually within seconds.",
    };
  return { tone: "ok", text: "Your card payment is confirmed: relays that were waiting for it are starting." };
}

/**
 * @param next the account's next payment (the page's billing summary, kept current): the price before Checkout, and
 *             whether "Pay by card" has anything to pay
 */
export function PaymentRail(props: { pubkey: string; next: NextPaymentInfo | null; onChange?: () => void }) {
  const [account, { mutate }] = createQuery(() => props.pubkey, tenantQueries.card);
  const refetch = () => refresh(tenantQueries.card.keyFor(props.pubkey));
  const payByCardWrite = useWrite(tenantWrites.payByCard);
  const chooseRail = useWrite(tenantWrites.chooseRail);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [refusal, setRefusal] = createSignal<string | null>(null);
  // a switch to card that leaves a relay on its first Lightning invoice: said before anyone is sent to Checkout
  const [leftOnLightning, setLeftOnLightning] = createSignal<{ notice: string; url: string | null } | null>(null);
  const returned = new URLSearchParams(window.location.search).get("card");
  const notice = () => checkoutReturnNotice(returned, props.next);
  // a webhook (Checkout finished, a switch taking effect) changes the rail without this card asking: follow the summary
  createEffect(
    on(
      () =>
        props.next ? `${props.next.rail}/${props.next.rail_switch?.to ?? "-"}/${props.next.rail_switch?.ready}` : "",
      (key, prev) => {
        if (prev !== undefined && key !== prev) void refetch();
      },
    ),
  );
  const price = () => (props.next ? cardPricePerMonth(props.next) : null);

  const go = (url: string) => window.location.assign(url);
  /** Checkout at once, unless the answer names relays it does not start: then the tenant reads why first. */
  const checkoutOrTell = (url: string | null, notice: string | null) => {
    if (notice) setLeftOnLightning({ notice, url });
    else if (url) go(url);
  };

  const payByCard = async () => {
    setBusy("pay");
    setRefusal(null);
    try {
      const r = await payByCardWrite(props.pubkey);
      if (r.url) return checkoutOrTell(r.url, r.notice);
      if (r.status === "charged") toast.success("Charged to your card. Relays start as soon as Stripe confirms it.");
      else toast.info("Nothing was waiting for a card payment: nothing was charged.");
      props.onChange?.();
    } catch (e) {
      if (e instanceof ApiError && e.status === 402) setRefusal(e.message);
      toast.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const choose = async (rail: "lightning" | "card") => {
    setBusy(rail);
    try {
      const r = await chooseRail(props.pubkey, rail);
      mutate(r);
      if (r.checkout_url || r.notice) checkoutOrTell(r.checkout_url ?? null, r.notice);
      if (r.checkout_url) return;
      toast.success(
        r.result === "switched"
          ? `You now pay by ${rail === "card" ? "card" : "Lightning"}.`
          : r.result === "scheduled"
            ? `You switch to ${rail === "card" ? "card" : "Lightning"} payments at your next renewal.`
            : "Nothing changed.",
      );
      props.onChange?.();
    } catch (e) {
      toast.error(`Couldn't change how you pay: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const portal = async () => {
    setBusy("portal");
    try {
      go((await api.stripeSession(props.pubkey)).url);
    } catch (e) {
      toast.error(`Couldn't open card billing: ${errorMessage(e)}`);
      setBusy(null);
    }
  };

  const railName = (r: CardAccount["rail"]) => (r === "card" ? "card (Stripe)" : "Lightning");

  return (
    <Card data-testid="payment-rail">
      <CardHeader>
        <CardTitle icon={CreditCard}>How you pay</CardTitle>
        <CardDescription>
          Lightning invoices (with optional autopay) or a card through Stripe — never both for the same period.
        </CardDescription>
      </CardHeader>
      <CardContent class="grid gap-3 text-sm">
        <Show when={notice()}>
          {(n) => (
            <div
              class={`rounded-lg border p-3 ${n().tone === "ok" ? "border-emerald-500/40 bg-emerald-500/5" : "border-amber-500/40 bg-amber-500/5"}`}
              role="status"
              data-testid="checkout-notice"
            >
              {n().text}
            </div>
          )}
        </Show>
        <Show when={leftOnLightning()}>
          {(w) => (
            <div
              class="grid gap-2 rounded-lg border border-amber-500/40 bg-amber-500/5 p-3"
              role="status"
              data-testid="left-on-lightning"
            >
              <span>{w().notice}</span>
              <Show when={w().url}>
                {(url) => (
                  <div>
                    <Button onClick={() => go(url())} data-testid="continue-to-checkout">
                      <CreditCard /> Continue to card checkout
                    </Button>
                  </div>
                )}
              </Show>
            </div>
          )}
        </Show>
        <Show when={account()}>
          {(a) => (
            <>
              <div data-testid="rail-current">
                You pay by <strong>{railName(a().rail)}</strong>.
                <Show when={a().next_rail}>
                  {(n) => (
                    <>
                      {" "}
                      From your next renewal you pay by <strong>{railName(n())}</strong>.
                    </>
                  )}
                </Show>
              </div>
              <Show when={refusal() ?? a().card_error}>
                {(msg) => (
                  <div
                    class="flex items-start gap-2 rounded-lg border border-destructive/40 bg-destructive/5 p-3"
                    role="alert"
                    data-testid="card-error"
                  >
                    <TriangleAlert class="mt-0.5 size-4 shrink-0 text-destructive" />
                    <span>
                      Your card was refused: {msg().replace(/^your card was refused: /i, "")}. Relays waiting for this
                      payment stay awaiting payment — update your card and pay again.
                    </span>
                  </div>
                )}
              </Show>
              {/* before a switch to card, or while it waits for the card: once set up, the next payment says it */}
              <Show
                when={
                  a().stripe &&
                  a().rail === "lightning" &&
                  !(props.next?.rail_switch?.ready && a().next_rail) &&
                  price()
                }
              >
                {(p) => (
                  <p class="text-muted-foreground" data-testid="card-price">
                    {a().next_rail === "card" ? "By card you pay " : "By card you would pay "}
                    <strong class="text-foreground">{p()}</strong> for your relays
                    {props.next?.at
                      ? `, first charged on ${formatDate(props.next.at)} when the period paid over Lightning ends.`
                      : ", charged when you set up your card."}
                  </p>
                )}
              </Show>
              {/* on card with no card set up: what Checkout will charge, before anyone is sent there */}
              <Show when={a().rail === "card" && props.next?.card_due && props.next.checkout_charge}>
                {(c) => (
                  <p class="text-muted-foreground" data-testid="checkout-charge">
                    Stripe charges{" "}
                    <strong class="text-foreground">{formatMoney(c().amount, c().currency.toUpperCase())}</strong> now
                    for the first month of your relays, then the same each month.
                  </p>
                )}
              </Show>
              <div class="flex flex-wrap gap-2">
                {/* primary only when something waits for a card payment: otherwise it would have nothing to do */}
                <Show when={a().stripe && (a().rail === "card" || a().next_rail === "card") && props.next?.card_due}>
                  <Button loading={busy() === "pay"} onClick={payByCard} data-testid="pay-by-card">
                    <CreditCard /> {a().rail === "card" ? "Pay by card" : "Set up your card"}
                  </Button>
                </Show>
                <Show when={a().stripe && a().rail === "lightning" && a().next_rail !== "card"}>
                  <Button
                    variant="outline"
                    loading={busy() === "card"}
                    onClick={() => choose("card")}
                    data-testid="choose-card"
                  >
                    <CreditCard /> Pay by card instead
                  </Button>
                </Show>
                <Show when={a().rail === "card" && a().next_rail !== "lightning"}>
                  <Button
                    variant="outline"
                    loading={busy() === "lightning"}
                    onClick={() => choose("lightning")}
                    data-testid="choose-lightning"
                  >
                    <Zap /> Pay with Lightning instead
                  </Button>
                </Show>
                <Show when={a().next_rail}>
                  <Button
                    variant="ghost"
                    loading={busy() === a().rail}
                    onClick={() => choose(a().rail)}
                    data-testid="cancel-switch"
                  >
                    Keep paying by {railName(a().rail)}
                  </Button>
                </Show>
                <Show when={a().customer}>
                  <Button variant="outline" loading={busy() === "portal"} onClick={portal} data-testid="stripe-portal">
                    <ExternalLink /> Manage card billing
                  </Button>
                </Show>
              </div>
            </>
          )}
        </Show>
      </CardContent>
    </Card>
  );
}
