// The relay form: live subdomain suggestion and validation, availability, messages, submit.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { RelayForm } from "../src/components/RelayForm";
import { Suspense } from "solid-js";
import { ApiError } from "../src/lib/api";
import type { SubdomainCheck } from "../src/lib/types";
import type { RelayFormValues } from "../src/lib/validation";
import { SEED_PLANS } from "./plans";

const PLANS = SEED_PLANS;
const CONFIG = { relay_domain: "relays.example", reserved_subdomains: ["www", "api", "admin"] };

afterEach(cleanup);

function setup(
  opts: {
    taken?: string[];
    onSubmit?: (v: RelayFormValues) => Promise<void>;
    initial?: Partial<RelayFormValues>;
    mode?: "create" | "edit";
    freeQuota?: (plan: string) => Promise<number | null>;
  } = {},
) {
  const checks: string[] = [];
  const submitted: RelayFormValues[] = [];
  const check = async (s: string): Promise<SubdomainCheck> => {
    checks.push(s);
    const taken = (opts.taken ?? []).includes(s);
    return { subdomain: s, available: !taken, error: taken ? `subdomain: ${s} is already taken` : null };
  };
  render(() => (
    <RelayForm
      mode={opts.mode ?? "create"}
      config={CONFIG}
      plans={PLANS}
      initial={opts.initial}
      checkSubdomain={check}
      onSubmit={opts.onSubmit ?? (async (v) => void submitted.push(v))}
      submitLabel="Create relay"
      freeQuota={opts.freeQuota}
      debounceMs={0}
    />
  ));
  const name = screen.getByLabelText(/relay name/i) as HTMLInputElement;
  const subdomain = screen.getByLabelText(/^subdomain/i) as HTMLInputElement;
  const icon = screen.getByLabelText(/icon url/i) as HTMLInputElement;
  const description = screen.getByLabelText(/description/i) as HTMLTextAreaElement;
  const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
    fireEvent.input(el, { target: { value } });
  const submit = () => fireEvent.click(screen.getByRole("button", { name: "Create relay" }));
  return { checks, submitted, name, subdomain, icon, description, type, submit };
}

describe("RelayForm", () => {
  test("submitting an empty form shows a message for each required field and sends nothing", async () => {
    const f = setup({ initial: { plan: "" } });
    f.submit();
    await waitFor(() => expect(screen.getByText("Give your relay a name.")).toBeTruthy());
    expect(screen.getByText("Choose a subdomain.")).toBeTruthy();
    expect(screen.getByText("Choose a plan.")).toBeTruthy();
    expect(f.submitted).toHaveLength(0);
    expect(f.name.getAttribute("aria-invalid")).toBe("true");
  });

  test("the subdomain follows the name until edited, and shows the full host", async () => {
    const f = setup();
    f.type(f.name, "Bitcoin Café Berlin");
    expect(f.subdomain.value).toBe("bitcoin-cafe-berlin");
    expect(screen.getByTestId("relay-host-preview").textContent).toBe("bitcoin-cafe-berlin.relays.example");
    await waitFor(() => expect(screen.getByText("Available")).toBeTruthy());
    expect(f.checks).toContain("bitcoin-cafe-berlin");

    f.type(f.subdomain, "btc-berlin");
    f.type(f.name, "Something Else");
    expect(f.subdomain.value).toBe("btc-berlin");
  });

  test("rule violations are shown live with the API's rules, without asking the API", async () => {
    const f = setup();
    const cases: [string, RegExp][] = [
      ["ab", /at least 3 characters/i],
      ["1relay", /start with a letter/i],
      ["relay-", /end with a hyphen/i],
      ["my_relay", /only lowercase letters/i],
      ["www", /reserved/i],
      ["a".repeat(64), /at most 63/i],
    ];
    for (const [value, message] of cases) {
      f.type(f.subdomain, value);
      await waitFor(() => expect(screen.getByText(message)).toBeTruthy());
    }
    expect(f.checks).toHaveLength(0);
  });

  test("a taken subdomain shows the API's answer and blocks the submit", async () => {
    const f = setup({ taken: ["taken-name"] });
    f.type(f.name, "Taken Name");
    await waitFor(() => expect(screen.getByText("Subdomain: taken-name is already taken.")).toBeTruthy());
    f.submit();
    await new Promise((r) => setTimeout(r, 20));
    expect(f.submitted).toHaveLength(0);
  });

  test("icon and description are validated, and a valid icon is previewed", async () => {
    const f = setup();
    f.type(f.icon, "not a url");
    fireEvent.blur(f.icon);
    await waitFor(() => expect(screen.getByText(/full URL starting with https/)).toBeTruthy());
    f.type(f.icon, "https://example.com/icon.png");
    await waitFor(() =>
      expect(screen.getByTestId("icon-preview").querySelector("img")?.getAttribute("src")).toBe(
        "https://example.com/icon.png",
      ),
    );
    f.type(f.description, "x".repeat(501));
    fireEvent.blur(f.description);
    await waitFor(() => expect(screen.getByText("Use at most 500 characters.")).toBeTruthy());
    expect(screen.getByText("501/500")).toBeTruthy();
  });

  test("a valid form submits trimmed values with the chosen plan", async () => {
    const f = setup();
    f.type(f.name, "  Nostr Friends  ");
    f.type(f.description, " A place for friends. ");
    fireEvent.click(screen.getByRole("radio", { name: /growth/i }));
    await waitFor(() => expect(screen.getByText("Available")).toBeTruthy());
    f.submit();
    await waitFor(() => expect(f.submitted).toHaveLength(1));
    expect(f.submitted[0]).toEqual({
      name: "Nostr Friends",
      subdomain: "nostr-friends",
      icon: "",
      description: "A place for friends.",
      plan: "growth",
    });
  });

  test("an API error naming the subdomain field is shown on it; other errors above the form", async () => {
    let error: Error = new ApiError(
      409,
      "subdomain: raced-away is already taken",
      undefined,
      "subdomain_taken",
      "subdomain",
    );
    const f = setup({
      initial: { plan: "free" },
      onSubmit: async () => {
        throw error;
      },
    });
    f.type(f.name, "Raced Away");
    await waitFor(() => expect(screen.getByText("Available")).toBeTruthy());
    f.submit();
    await waitFor(() => expect(screen.getByText("subdomain: raced-away is already taken")).toBeTruthy());

    error = new ApiError(503, "A service is temporarily unavailable.");
    // the refusal above the form is scrolled into view: the button pressed may be a screen below it
    const scrolled: Element[] = [];
    const scrollIntoView = HTMLElement.prototype.scrollIntoView;
    HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) {
      scrolled.push(this);
    };
    try {
      f.type(f.subdomain, "other-name");
      await waitFor(() => expect(screen.getByText("Available")).toBeTruthy());
      f.submit();
      await waitFor(() =>
        expect(screen.getByTestId("form-error").textContent).toBe("A service is temporarily unavailable."),
      );
      await waitFor(() => expect(scrolled.some((el) => el.contains(screen.getByTestId("form-error")))).toBe(true));
    } finally {
      HTMLElement.prototype.scrollIntoView = scrollIntoView;
    }
  });

  test("in edit mode the current subdomain is not re-checked, and a change warns about the new address", async () => {
    const f = setup({ mode: "edit", initial: { name: "Old", subdomain: "old-name", plan: "basic" } });
    await new Promise((r) => setTimeout(r, 10));
    expect(f.checks).toHaveLength(0);
    expect(screen.getByText("Current")).toBeTruthy();
    f.type(f.name, "New Name");
    expect(f.subdomain.value).toBe("old-name");
    f.type(f.subdomain, "new-name");
    await waitFor(() => expect(screen.getByText(/changes your relay's address/)).toBeTruthy());
    await waitFor(() => expect(f.checks).toContain("new-name"));
  });

  test("the free quota is hinted beside the button before submitting, and its refusal at the quota", async () => {
    const asked: string[] = [];
    let left: number | Error = 2;
    setup({
      initial: { plan: "free" },
      freeQuota: async (plan) => {
        asked.push(plan);
        if (left instanceof Error) throw left;
        return left;
      },
    });
    await waitFor(() =>
      expect(screen.getByTestId("free-quota").textContent).toBe("This account can hold 2 more free relays."),
    );
    expect(asked).toEqual(["free"]);
    // a paid plan is not bound by it: no hint, no question
    fireEvent.click(screen.getByRole("radio", { name: /basic/i }));
    await waitFor(() => expect(screen.queryByTestId("free-quota")).toBeNull());
    expect(asked).toEqual(["free"]);
    left = new ApiError(403, "this account already has 2 free relays, the most one account may hold");
    fireEvent.click(screen.getByRole("radio", { name: /free/i }));
    await waitFor(() => expect(screen.getByTestId("free-quota").textContent).toContain("already has 2 free relays"));
  });

  test("asking the free quota never suspends the page around the form (the focus stays on the plan chosen)", async () => {
    render(() => (
      <Suspense fallback={<p>suspended</p>}>
        <RelayForm
          mode="create"
          config={CONFIG}
          plans={PLANS}
          initial={{ plan: "free" }}
          checkSubdomain={async (s) => ({ subdomain: s, available: true, error: null })}
          freeQuota={() => new Promise(() => {})}
          onSubmit={async () => {}}
          submitLabel="Create relay"
          debounceMs={0}
        />
      </Suspense>
    ));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText("suspended")).toBeNull();
    expect(screen.getByRole("button", { name: "Create relay" })).toBeTruthy();
  });
});
