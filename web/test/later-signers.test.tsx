// Every later signature (connecting the admission wallet, raising the autopay budget, paying beyond it) can be given
// by every way of signing in: the extension, the remote signer kept from login or connected again by its bunker://
// URL, the key this page logged in with (new or typed, kept in memory only), the key saved on this device, or the
// secret key typed once. The confirmation offers each one the user has, not just one and a pasted key; and sign-up
// says what not remembering a new key means for those later steps.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { nsecEncode } from "nostr-tools/nip19";
import {
  type AskSignature,
  confirmMethods,
  freshSignature,
  login,
  type SignatureRequest,
  type SigningSituation,
} from "../src/lib/auth";
import { configureApi } from "../src/lib/api";
import { clearSession, forgetKey, rememberKey, session, setSession, type SignerKind } from "../src/lib/session";
import { dropSessionSigner, localSigner, sessionSigner } from "../src/lib/signers";
import type { EventTemplate, SignedEvent } from "../src/lib/nip98";
import { SignatureDialog } from "../src/components/SignatureDialog";
import { NewKeyLogin } from "../src/pages/login/NewKeyLogin";
import { NsecLogin } from "../src/pages/login/NsecLogin";
import type { LoginFlow } from "../src/pages/login/shared";

afterEach(() => {
  cleanup();
  clearSession();
  forgetKey();
  dropSessionSigner();
  delete window.nostr;
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const url = "/relays/r1/admission";
const eventOf = (header: string): SignedEvent => JSON.parse(atob(header.replace(/^Nostr /, "")));

function sessionOf(sk: Uint8Array, signer: SignerKind) {
  setSession({
    token: "t",
    pubkey: getPublicKey(sk),
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    is_admin: false,
    signer,
  } as Parameters<typeof setSession>[0]);
}

/** An ask that keeps what it was offered and signs with `method` (the chosen one when absent). */
function answer(secret = "", method?: SignatureRequest["method"]) {
  const seen: SignatureRequest[] = [];
  const ask: AskSignature = async (r) => {
    seen.push(r);
    return r.sign(method ?? r.method, secret);
  };
  return { seen, ask };
}

/** The Caravel API of a login: a session for whoever signed, a tenant made. */
function fakeAuthApi() {
  configureApi({
    baseUrl: "http://api.test",
    token: () => session()?.token ?? null,
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname;
      if (path === "/auth/session" && init?.method === "POST") {
        const ev = JSON.parse(atob(String(new Headers(init.headers).get("authorization")).replace(/^Nostr /, "")));
        return Response.json({ token: "tok", pubkey: ev.pubkey, expires_at: 4_000_000_000, is_admin: false });
      }
      return Response.json({});
    },
  });
}

describe("which ways are offered", () => {
  const base: SigningSituation = { kind: "local", pubkey: "me", extension: false, bunker: false, savedPubkey: null };
  test("each session is offered every signer it has, its own first", () => {
    expect(confirmMethods({ ...base, kind: "nip07", extension: true })).toEqual(["extension", "nsec", "bunker-url"]);
    expect(confirmMethods({ ...base, kind: "nip46", bunker: true, extension: true })).toEqual([
      "bunker",
      "extension",
      "bunker-url",
      "nsec",
    ]);
    expect(confirmMethods({ ...base, kind: "nip46" })).toEqual(["bunker-url", "nsec"]);
    expect(confirmMethods({ ...base, pageKey: true, savedPubkey: "me", extension: true })).toEqual([
      "page",
      "saved",
      "extension",
      "nsec",
      "bunker-url",
    ]);
    expect(confirmMethods({ ...base })).toEqual(["nsec", "bunker-url"]);
  });
});

describe("a key made or typed at login", () => {
  test("a new key not remembered still signs later steps on this page, without asking for it", async () => {
    fakeAuthApi();
    const sk = generateSecretKey();
    await login(localSigner(sk), "local");
    expect(sessionSigner(getPublicKey(sk))).not.toBeNull();
    const a = answer();
    const header = await freshSignature(url, "PUT", '{"nwc":"x"}', undefined, a.ask);
    expect(a.seen[0]!.method).toBe("page");
    expect(eventOf(header).pubkey).toBe(getPublicKey(sk));
    // kept in memory only: nothing of the key is in this browser's storage
    expect(JSON.stringify({ ...localStorage })).not.toContain(nsecEncode(sk));
  });

  test("after a reload the page no longer holds it: the dialog says why and offers the other ways", async () => {
    const sk = generateSecretKey();
    sessionOf(sk, "local");
    const a = answer(nsecEncode(sk));
    const header = await freshSignature(url, "PUT", "{}", undefined, a.ask);
    expect(a.seen[0]!.method).toBe("nsec");
    expect(a.seen[0]!.methods).toEqual(["nsec", "bunker-url"]);
    expect(a.seen[0]!.note).toMatch(/no longer holds your key/);
    expect(a.seen).toHaveLength(1);
    expect(header).toBeDefined();
  });

  test("the remembered key is offered beside the page's key", async () => {
    fakeAuthApi();
    const sk = generateSecretKey();
    await login(localSigner(sk), "local");
    rememberKey(sk, "correct horse battery");
    const a = answer("correct horse battery", "saved");
    const header = await freshSignature(url, "PUT", "{}", undefined, a.ask);
    expect(a.seen[0]!.methods!.slice(0, 2)).toEqual(["page", "saved"]);
    expect(eventOf(header).pubkey).toBe(getPublicKey(sk));
  }, 60_000); // NIP-49 scrypt runs

  test("logging out forgets it", async () => {
    fakeAuthApi();
    const sk = generateSecretKey();
    await login(localSigner(sk), "local");
    const { logout } = await import("../src/lib/auth");
    await logout();
    expect(sessionSigner(getPublicKey(sk))).toBeNull();
  });
});

describe("an extension and a remote signer", () => {
  test("a key-typed session whose extension holds the same key may sign with it", async () => {
    const sk = generateSecretKey();
    sessionOf(sk, "local");
    window.nostr = {
      getPublicKey: async () => getPublicKey(sk),
      signEvent: async (t: EventTemplate) => finalizeEvent(t, sk) as SignedEvent,
    };
    const a = answer();
    const header = await freshSignature(url, "PUT", "{}", undefined, a.ask);
    expect(a.seen[0]!.method).toBe("extension");
    expect(eventOf(header).pubkey).toBe(getPublicKey(sk));
  });

  test("connecting the remote signer again needs its bunker:// URL", async () => {
    const sk = generateSecretKey();
    sessionOf(sk, "nip46");
    await expect(freshSignature(url, "PUT", "{}", undefined, answer("").ask)).rejects.toThrow(/bunker:\/\//);
    await expect(freshSignature(url, "PUT", "{}", undefined, answer("not a url").ask)).rejects.toThrow();
  });
});

describe("the dialog", () => {
  function show(request: Partial<SignatureRequest> & Pick<SignatureRequest, "method" | "sign">) {
    const [r, setR] = createSignal<SignatureRequest | null>({ title: "Connect the wallet?", ...request });
    const done: (string | null)[] = [];
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

  test("offers every other way the user has, and switching asks only for what that way needs", async () => {
    const calls: [string, string][] = [];
    const d = show({
      method: "page",
      methods: ["page", "saved", "extension", "bunker-url", "nsec"],
      sign: async (m, secret) => {
        calls.push([m, secret]);
        return `Nostr ${m}`;
      },
    });
    // this dialog only (another test file's confirmation may still be mounted in the same document)
    const dialog = await waitFor(() => {
      const el = screen.getByText("Connect the wallet?").closest("[data-testid='signature-dialog']");
      if (!el) throw new Error("the dialog is not open yet");
      return within(el as HTMLElement);
    });
    expect(dialog.queryByTestId("signature-secret")).toBeNull(); // the page's key needs nothing typed
    for (const m of ["saved", "extension", "bunker-url", "nsec"])
      expect(dialog.getByTestId(`signature-use-${m}`)).toBeTruthy();
    expect(dialog.queryByTestId("signature-use-page")).toBeNull();

    fireEvent.click(dialog.getByTestId("signature-use-bunker-url"));
    await waitFor(() => expect((dialog.getByTestId("signature-secret") as HTMLInputElement).type).toBe("text"));
    expect(dialog.getByText("Bunker URL")).toBeTruthy();
    fireEvent.click(dialog.getByTestId("signature-use-saved"));
    await waitFor(() => expect((dialog.getByTestId("signature-secret") as HTMLInputElement).type).toBe("password"));
    fireEvent.input(dialog.getByTestId("signature-secret"), { target: { value: "my passphrase" } });
    fireEvent.click(dialog.getByTestId("signature-confirm"));
    await waitFor(() => expect(d.done).toEqual(["Nostr saved"]));
    expect(calls).toEqual([["saved", "my passphrase"]]);
  });
});

describe("sign-up", () => {
  const flow = (): LoginFlow =>
    ({ busy: () => null, setBusy: () => {}, finish: async () => {} }) as unknown as LoginFlow;

  test("a new key not remembered: told that later steps will ask for it again after a reload", async () => {
    render(() => <NewKeyLogin flow={flow()} />);
    fireEvent.click(screen.getByTestId("create-key"));
    await waitFor(() => expect(screen.getByTestId("new-key")).toBeTruthy());
    const note = screen.getByTestId("later-signatures-note");
    expect(note.textContent).toMatch(/admission/);
    expect(note.textContent).toMatch(/autopay/);
    expect(note.textContent).toMatch(/ask for this secret key again/);
    // remembering it changes what is said
    fireEvent.click(screen.getByTestId("remember-new"));
    await waitFor(() => expect(screen.getByTestId("later-signatures-note").textContent).toMatch(/passphrase/));
  });

  test("a typed key not remembered: told the same", () => {
    render(() => <NsecLogin flow={flow()} />);
    expect(screen.getByTestId("later-signatures-note").textContent).toMatch(/ask for this secret key again/);
  });
});
