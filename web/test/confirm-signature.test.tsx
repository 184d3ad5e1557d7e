// A confirmation beyond the session (paying over the autopay budget) is signed by the session's own signer first —
// extension, remote signer, the key saved on this device, and only then a pasted secret key — in an in-app dialog
// with masked fields; cancelling it sends nothing.
import { afterEach, describe, expect, mock, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { nsecEncode } from "nostr-tools/nip19";
import {
  type AskSignature,
  ConfirmationCancelled,
  confirmMethod,
  freshSignature,
  type SignatureRequest,
  type SigningSituation,
} from "../src/lib/auth";
import { clearSession, forgetKey, rememberKey, setSession, type SignerKind } from "../src/lib/session";
import { dropSessionSigner, keepSessionSigner } from "../src/lib/signers";
import type { EventTemplate, SignedEvent } from "../src/lib/nip98";
import { askSignature, SignatureDialog } from "../src/components/SignatureDialog";
import { provideSignatureDialog } from "../src/lib/confirmation";
import { InvoiceDialog } from "../src/components/InvoiceDialog";
import { api } from "../src/lib/api";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Invoice } from "../src/lib/types";

// the app hands its dialog to lib/auth at start (App.tsx); the dialogs rendered here on their own need it too
provideSignatureDialog(askSignature);

afterEach(() => {
  cleanup();
  clearSession();
  forgetKey();
  dropSessionSigner();
  delete window.nostr;
});

function login(sk: Uint8Array, signer: SignerKind) {
  setSession({
    token: "t",
    pubkey: getPublicKey(sk),
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    is_admin: false,
    signer,
  } as Parameters<typeof setSession>[0]);
}

/** The signed event inside a NIP-98 header. */
function eventOf(header: string): SignedEvent {
  return JSON.parse(atob(header.replace(/^Nostr /, "")));
}

/** A signer that signs with `sk` and counts its signatures. */
function fakeSigner(sk: Uint8Array) {
  const signed: EventTemplate[] = [];
  return {
    signed,
    getPublicKey: async () => getPublicKey(sk),
    signEvent: async (t: EventTemplate) => {
      signed.push(t);
      return finalizeEvent(t, sk) as SignedEvent;
    },
  };
}

describe("which signer confirms", () => {
  const base: SigningSituation = { kind: "local", pubkey: "me", extension: false, bunker: false, savedPubkey: null };
  test("the session's own signer first: extension, remote signer, saved key, then a pasted key", () => {
    expect(confirmMethod({ ...base, kind: "nip07", extension: true, bunker: true, savedPubkey: "me" })).toBe(
      "extension",
    );
    expect(confirmMethod({ ...base, kind: "nip46", extension: true, bunker: true, savedPubkey: "me" })).toBe("bunker");
    expect(confirmMethod({ ...base, kind: "local", extension: true, bunker: true, savedPubkey: "me" })).toBe("saved");
    // an extension may hold a pasted key's account too (its key is checked when it signs)
    expect(confirmMethod({ ...base, kind: "local", extension: true })).toBe("extension");
    expect(confirmMethod({ ...base, kind: "local" })).toBe("nsec");
    // a remote signer no longer connected (the page was reloaded) is offered to connect again first; a key saved for
    // another account is not offered
    expect(confirmMethod({ ...base, kind: "nip46", bunker: false })).toBe("bunker-url");
    expect(confirmMethod({ ...base, savedPubkey: "someone else" })).toBe("nsec");
  });
});

describe("freshSignature", () => {
  const url = "/invoices/inv1/pay";
  /** An ask that signs with `method`/`secret` at once, keeping the request it was shown. */
  const answer = (secret = "", override?: SignatureRequest["method"]) => {
    const seen: SignatureRequest[] = [];
    const ask: AskSignature = async (r) => {
      seen.push(r);
      return r.sign(override ?? r.method, secret);
    };
    return { seen, ask };
  };

  test("a remote-signer session whose signer is gone (a reload) says so and asks for the key", async () => {
    const sk = generateSecretKey();
    login(sk, "nip46");
    const a = answer(nsecEncode(sk), "nsec");
    await freshSignature(url, "POST", undefined, undefined, a.ask);
    expect(a.seen[0]!.method).toBe("bunker-url");
    expect(a.seen[0]!.methods).toEqual(["bunker-url", "nsec"]);
    expect(a.seen[0]!.note).toMatch(/reloaded/);
  });

  test("cancelling throws and signs nothing", async () => {
    const sk = generateSecretKey();
    login(sk, "nip46");
    const bunker = fakeSigner(sk);
    keepSessionSigner(getPublicKey(sk), bunker);
    const ask: AskSignature = async () => null;
    await expect(freshSignature(url, "POST", undefined, undefined, ask)).rejects.toBeInstanceOf(ConfirmationCancelled);
    expect(bunker.signed).toHaveLength(0);
  });

  test("a remote-signer session signs through its live signer, with what is confirmed shown", async () => {
    const sk = generateSecretKey();
    login(sk, "nip46");
    const bunker = fakeSigner(sk);
    keepSessionSigner(getPublicKey(sk), bunker);
    const a = answer();
    const header = await freshSignature(
      url,
      "POST",
      undefined,
      { title: "Pay from your wallet?", details: [{ label: "Amount", value: "21,000 sats" }] },
      a.ask,
    );
    expect(a.seen[0]!.method).toBe("bunker");
    expect(a.seen[0]!.details).toEqual([{ label: "Amount", value: "21,000 sats" }]);
    expect(bunker.signed).toHaveLength(1);
    const ev = eventOf(header);
    expect(ev.pubkey).toBe(getPublicKey(sk));
    expect(ev.tags).toContainEqual(["method", "POST"]);
    expect(ev.tags.find((t) => t[0] === "u")![1]).toEndWith(url);
  });

  test("an extension session signs with the extension", async () => {
    const sk = generateSecretKey();
    login(sk, "nip07");
    const ext = fakeSigner(sk);
    window.nostr = ext;
    const a = answer();
    const header = await freshSignature(url, "POST", undefined, undefined, a.ask);
    expect(a.seen[0]!.method).toBe("extension");
    expect(ext.signed).toHaveLength(1);
    expect(eventOf(header).pubkey).toBe(getPublicKey(sk));
  });

  test("an extension holding another account's key is refused here, not by the server", async () => {
    const sk = generateSecretKey();
    login(sk, "local");
    window.nostr = fakeSigner(generateSecretKey());
    await expect(freshSignature(url, "POST", undefined, undefined, answer().ask)).rejects.toThrow(/another key/);
  });

  test("a pasted secret key: only the session's own, used once", async () => {
    const sk = generateSecretKey();
    login(sk, "local");
    await expect(
      freshSignature(url, "POST", undefined, undefined, answer(nsecEncode(generateSecretKey())).ask),
    ).rejects.toThrow(/another account/);
    await expect(freshSignature(url, "POST", undefined, undefined, answer("npub1xyz").ask)).rejects.toThrow(
      /public key/,
    );
    const a = answer(nsecEncode(sk));
    const header = await freshSignature(url, "POST", undefined, undefined, a.ask);
    expect(a.seen[0]!.method).toBe("nsec");
    expect(eventOf(header).pubkey).toBe(getPublicKey(sk));
    expect(JSON.stringify({ ...localStorage })).not.toContain(nsecEncode(sk));
  });

  test("the key saved on this device, unlocked with its passphrase", async () => {
    const sk = generateSecretKey();
    login(sk, "local");
    rememberKey(sk, "correct horse battery");
    await expect(freshSignature(url, "POST", undefined, undefined, answer("wrong passphrase").ask)).rejects.toThrow(
      /does not unlock/,
    );
    const a = answer("correct horse battery");
    const header = await freshSignature(url, "PUT", '{"autopay_budget":5}', undefined, a.ask);
    expect(a.seen[0]!.method).toBe("saved");
    expect(eventOf(header).tags.some((t) => t[0] === "payload")).toBe(true);
  }, 60_000); // NIP-49 scrypt runs
});

describe("SignatureDialog", () => {
  function show(request: Partial<SignatureRequest> & Pick<SignatureRequest, "method" | "sign">) {
    const done: (string | null)[] = [];
    const [r, setR] = createSignal<SignatureRequest | null>({ title: "Pay from your wallet?", ...request });
    render(() => (
      <SignatureDialog
        request={r()}
        onDone={(h) => {
          done.push(h);
          setR(null);
        }}
      />
    ));
    return { done };
  }

  test("shows what is confirmed, masks the secret, and Cancel signs nothing", async () => {
    const sign = mock(async () => "Nostr x");
    const d = show({
      method: "nsec",
      sign,
      details: [
        { label: "Amount", value: "21,000 sats" },
        { label: "Relay", value: "Book Club" },
      ],
    });
    await waitFor(() => expect(screen.getByTestId("signature-dialog")).toBeTruthy());
    expect(screen.getByText("21,000 sats")).toBeTruthy();
    expect(screen.getByText("Book Club")).toBeTruthy();
    const field = screen.getByTestId("signature-secret") as HTMLInputElement;
    expect(field.type).toBe("password");
    fireEvent.input(field, { target: { value: "nsec1secret" } });
    fireEvent.click(screen.getByTestId("signature-cancel"));
    await waitFor(() => expect(d.done).toEqual([null]));
    expect(sign).not.toHaveBeenCalled();
  });

  test("a wrong secret is explained in place and can be tried again", async () => {
    let tries = 0;
    const d = show({
      method: "saved",
      sign: async (_m, secret) => {
        tries++;
        if (secret !== "right one") throw new Error("That passphrase does not unlock the saved key.");
        return "Nostr signed";
      },
    });
    await waitFor(() => expect(screen.getByTestId("signature-secret")).toBeTruthy());
    expect((screen.getByTestId("signature-secret") as HTMLInputElement).type).toBe("password");
    fireEvent.input(screen.getByTestId("signature-secret"), { target: { value: "wrong" } });
    fireEvent.click(screen.getByTestId("signature-confirm"));
    await waitFor(() => expect(screen.getByTestId("signature-error").textContent).toMatch(/does not unlock/));
    fireEvent.input(screen.getByTestId("signature-secret"), { target: { value: "right one" } });
    fireEvent.click(screen.getByTestId("signature-confirm"));
    await waitFor(() => expect(d.done).toEqual(["Nostr signed"]));
    expect(tries).toBe(2);
  });

  test("a session signer needs no secret; the user may switch to a pasted key", async () => {
    const calls: string[] = [];
    show({
      method: "extension",
      sign: async (m) => {
        calls.push(m);
        throw new Error("The extension did not sign the request.");
      },
    });
    await waitFor(() => expect(screen.getByTestId("signature-confirm")).toBeTruthy());
    expect(screen.queryByTestId("signature-secret")).toBeNull();
    fireEvent.click(screen.getByTestId("signature-confirm"));
    await waitFor(() => expect(screen.getByTestId("signature-error")).toBeTruthy());
    fireEvent.click(screen.getByTestId("signature-use-nsec"));
    await waitFor(() => expect((screen.getByTestId("signature-secret") as HTMLInputElement).type).toBe("password"));
    expect(calls).toEqual(["extension"]);
  });
});

describe("InvoiceDialog over the autopay budget", () => {
  const invoice = {
    id: "inv1",
    tenant: "t",
    status: "pending",
    amount: 21_000,
    credit_applied: 0,
    bolt11: "lnbcrt210u1example",
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    autopay_started_at: null,
    autopay_error: null,
    autopay_hold: null,
    fiat: null,
    items: [
      { relay_name: "Book Club", amount: 21_000, fiat: null, period_start: 1_700_000_000, period_end: 1_702_592_000 },
    ],
  } as unknown as Invoice;

  test("offers to confirm before autopay recorded its hold; cancelling the confirmation pays nothing", async () => {
    const sk = generateSecretKey();
    login(sk, "local");
    const pay = mock(async () => ({ ...invoice, status: "paid" }) as Invoice);
    const original = api.payInvoiceNow;
    api.payInvoiceNow = pay;
    try {
      render(() => (
        <InvoiceDialog invoice={invoice} open={true} onOpenChange={() => {}} autopay="needs_confirmation" />
      ));
      await waitFor(() => expect(screen.getByTestId("invoice-confirm-autopay")).toBeTruthy());
      fireEvent.click(screen.getByTestId("invoice-confirm-autopay"));
      await waitFor(() => expect(screen.getByTestId("signature-dialog")).toBeTruthy(), { timeout: 5000 });
      expect(screen.getByTestId("signature-dialog").textContent).toContain("21,000");
      expect(screen.getByTestId("signature-dialog").textContent).toContain("Book Club");
      fireEvent.click(screen.getByTestId("signature-cancel"));
      // the payment button is usable again once the cancel went through (happy-dom never ends the closing animation)
      await waitFor(() => expect(screen.getByTestId("invoice-confirm-autopay").getAttribute("aria-busy")).toBeNull());
      await new Promise((r) => setTimeout(r, 50));
      expect(pay).not.toHaveBeenCalled();
      expect(screen.queryByTestId("invoice-paid")).toBeNull();
    } finally {
      api.payInvoiceNow = original;
    }
  });

  test("while autopay pays, no QR code is shown; the copy button is named and labelled", async () => {
    const original = api.invoice;
    api.invoice = mock(async () => ({ ...invoice, autopay_started_at: 1 }) as Invoice);
    try {
      render(() => <InvoiceDialog invoice={invoice} open={true} onOpenChange={() => {}} autopay="pays" />);
      await waitFor(() => expect(screen.getByTestId("invoice-autopaying")).toBeTruthy());
      expect(screen.queryByTestId("invoice-qr")).toBeNull();
      cleanup();
      render(() => <InvoiceDialog invoice={invoice} open={true} onOpenChange={() => {}} />);
      const copy = await waitFor(() => screen.getByTestId("invoice-copy"));
      expect(copy.getAttribute("aria-label")).toBe("Copy invoice");
      expect(copy.textContent).toContain("Copy");
      // the billing period on a line of its own, never cut off after the relay's name ("14 Nov 2023 – 14 …")
      const period = screen.getByTestId("invoice-item-period");
      expect(period.textContent).toBe("14 Nov 2023 – 14 Dec 2023");
      expect(period.closest(".truncate")).toBeNull();
    } finally {
      api.invoice = original;
    }
  });
});

describe("no browser prompts", () => {
  test("nothing in the app asks through window.prompt, confirm or alert (a secret typed there is shown in clear)", () => {
    const src = join(import.meta.dir, "..", "src");
    const offenders = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) => {
        const code = readFileSync(join(src, f), "utf8")
          .split("\n")
          .filter((line) => !line.trim().startsWith("//") && !line.trim().startsWith("*"))
          .join("\n");
        return /\b(?:window\.|globalThis\.)?(?:prompt|alert)\s*\(|\bwindow\.confirm\s*\(/.test(code);
      });
    expect(offenders).toEqual([]);
  });
});
