// A failed load offers "Try again" only when asking again can change the answer: a network failure or a 5xx may
// pass, a 400 (a malformed id such as /admin/tenants/<bad>) or a 404 fails the same way every time.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, render, screen } from "@solidjs/testing-library";
import { Router, Route } from "@solidjs/router";
import { ErrorState, isRetryable, LoadError } from "../src/components/states";
import { ApiError } from "../src/lib/api";
import { network } from "../src/lib/network";

afterEach(() => {
  cleanup();
  // an unreachable error on screen marks the app offline (lib/network.ts): online again for the next test file
  network.answered();
});

const tryAgain = () => screen.queryByRole("button", { name: /Try again/ });

describe("isRetryable", () => {
  test("network failures, 5xx, 408 and 429 may pass on a second try", () => {
    expect(isRetryable(new TypeError("Failed to fetch"))).toBe(true);
    for (const status of [0, 500, 502, 503, 408, 429]) expect(isRetryable(new ApiError(status, "x"))).toBe(true);
  });

  test("other 4xx are the request refused and would fail again", () => {
    for (const status of [400, 401, 403, 404, 409, 422]) expect(isRetryable(new ApiError(status, "x"))).toBe(false);
  });
});

describe("ErrorState", () => {
  test("a 400 shows the API's message without Try again", () => {
    render(() => <ErrorState error={new ApiError(400, "pubkey must be 64 hex characters")} retry={() => {}} />);
    expect(screen.getByRole("alert").textContent).toContain("pubkey must be 64 hex characters");
    expect(tryAgain()).toBeNull();
  });

  test("a 503 or a network failure offers Try again, which refetches", () => {
    let calls = 0;
    render(() => <ErrorState error={new ApiError(503, "Temporarily down.")} retry={() => calls++} />);
    tryAgain()!.click();
    expect(calls).toBe(1);
    cleanup();
    render(() => <ErrorState error={new TypeError("Failed to fetch")} retry={() => {}} />);
    expect(tryAgain()).not.toBeNull();
  });
});

describe("LoadError", () => {
  test("a tenant page given a malformed key: the error and the way back, no Try again", () => {
    render(() => (
      <Router>
        <Route
          path="*"
          component={() => (
            <LoadError
              error={new ApiError(400, "Not a valid pubkey.")}
              retry={() => {}}
              what="tenant"
              back={{ href: "/admin/tenants", label: "All tenants" }}
            />
          )}
        />
      </Router>
    ));
    expect(screen.getByText("Couldn't load this tenant")).toBeTruthy();
    expect(screen.getByText("Not a valid pubkey.")).toBeTruthy();
    expect(screen.getByRole("link", { name: /All tenants/ })).toBeTruthy();
    expect(tryAgain()).toBeNull();
  });
});
