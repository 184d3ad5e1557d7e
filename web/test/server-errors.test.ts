import { describe, expect, test } from "bun:test";
import { ApiError } from "../src/lib/api";
import { serverErrorField } from "../src/components/RelayForm";

const e = (status: number, message: string, code: string, field: string | null) =>
  new ApiError(status, message, { error: message, code, field }, code, field);

describe("serverErrorField: API errors go next to the field they name", () => {
  test.each([
    [400, "name is required", "invalid_input", "name"],
    [400, "subdomain 'name' is reserved", "subdomain_reserved", "subdomain"],
    [409, "subdomain 'x' is already taken", "subdomain_taken", "subdomain"],
    [400, "icon must be an http:// or https:// URL", "invalid_input", "icon"],
    [400, "description must be at most 500 characters", "invalid_input", "description"],
    [
      400,
      "paid plans are not available: Lightning billing is not configured on this platform",
      "plan_unavailable",
      "plan",
    ],
    // the message no longer decides: a field named nowhere in it still places the error
    [400, "too long", "invalid_input", "name"],
  ] as const)("%d %s (field %s) → %s", (status, message, code, field) => {
    expect(serverErrorField(e(status, message, code, field))).toBe(field);
  });
  test.each([
    [400, "unknown field 'icon_url'", "unknown_field", null],
    [400, "request body is not valid JSON", "invalid_json", null],
    [400, "tenant must be a 64-hex public key or an npub", "invalid_input", "tenant"],
    [503, "Lightning billing is not configured", "unavailable", null],
    // an answer without the field names nothing, whatever its message says
    [400, "name is required", "invalid_input", null],
  ] as const)("%d %s (field %s) → the form", (status, message, code, field) => {
    expect(serverErrorField(e(status, message, code, field))).toBeNull();
  });
});
