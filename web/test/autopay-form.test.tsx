// Autopay: NWC URL validation messages, saving, and turning it off.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { AutopayForm } from "../src/components/AutopayForm";
import { ApiError } from "../src/lib/api";

const HEX = "b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4";
const SECRET = "71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c";
const GOOD = `nostr+walletconnect://${HEX}?relay=wss://relay.example.com&secret=${SECRET}`;

afterEach(cleanup);

function setup(enabled = false, fail?: Error) {
  const saved: (string | null)[] = [];
  const [on, setOn] = createSignal(enabled);
  render(() => (
    <AutopayForm
      enabled={on()}
      onSave={async (url) => {
        if (fail) throw fail;
        saved.push(url);
        setOn(url !== null);
      }}
    />
  ));
  return { saved };
}

const toggle = () => fireEvent.click(screen.getByRole("switch"));
const field = () => screen.getByLabelText(/wallet connection url/i) as HTMLInputElement;
const type = (v: string) => fireEvent.input(field(), { target: { value: v } });
const save = () => fireEvent.click(screen.getByRole("button", { name: /save wallet/i }));

describe("AutopayForm", () => {
  test("turning it on asks for the connection URL and explains invalid ones", async () => {
    const f = setup();
    expect(screen.queryByLabelText(/wallet connection url/i)).toBeNull();
    toggle();
    await waitFor(() => expect(field()).toBeTruthy());
    save();
    await waitFor(() => expect(screen.getByText("Paste your wallet's connection URL.")).toBeTruthy());
    const cases: [string, RegExp][] = [
      ["https://getalby.com", /starts with nostr\+walletconnect/],
      [`nostr+walletconnect://${HEX}?secret=${SECRET}`, /names no relay/],
      [`nostr+walletconnect://${HEX}?relay=wss://r.example`, /has no secret/],
      [`nostr+walletconnect://xyz?relay=wss://r.example&secret=${SECRET}`, /64 hex characters/],
    ];
    for (const [value, message] of cases) {
      type(value);
      save();
      await waitFor(() => expect(screen.getByText(message)).toBeTruthy());
    }
    expect(f.saved).toHaveLength(0);
  });

  test("a valid URL is saved (trimmed) and the form shows that autopay is on", async () => {
    const f = setup();
    toggle();
    await waitFor(() => expect(field()).toBeTruthy());
    type(`  ${GOOD}  `);
    save();
    await waitFor(() => expect(f.saved).toEqual([GOOD]));
    await waitFor(() => expect(screen.getByTestId("autopay-on")).toBeTruthy());
    expect(screen.queryByLabelText(/wallet connection url/i)).toBeNull();
  });

  test("a server error about nwc_url is shown on the field", async () => {
    setup(false, new ApiError(400, "wallet did not answer", undefined, "invalid_input", "nwc_url"));
    toggle();
    await waitFor(() => expect(field()).toBeTruthy());
    type(GOOD);
    save();
    await waitFor(() => expect(screen.getByText("wallet did not answer")).toBeTruthy());
    expect(field().getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("nwc-form-error")).toBeNull();
  });

  test("a server error about no field is shown above the form", async () => {
    setup(false, new ApiError(503, "A service is temporarily unavailable.", undefined, "unavailable", null));
    toggle();
    await waitFor(() => expect(field()).toBeTruthy());
    type(GOOD);
    save();
    await waitFor(() =>
      expect(screen.getByTestId("nwc-form-error").textContent).toBe("A service is temporarily unavailable."),
    );
    expect(field().getAttribute("aria-invalid")).not.toBe("true");
  });

  test("turning it off asks for confirmation and saves null", async () => {
    const f = setup(true);
    expect(screen.getByTestId("autopay-on")).toBeTruthy();
    toggle();
    await waitFor(() => expect(screen.getByText("Turn off autopay?")).toBeTruthy());
    fireEvent.click(screen.getByRole("button", { name: "Turn off" }));
    await waitFor(() => expect(f.saved).toEqual([null]));
  });
});
