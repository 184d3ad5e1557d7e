import { describe, expect, test } from "bun:test";
import { ApiError } from "../src/lib/api";
import { serverErrorField } from "../src/components/RelayForm";

const e = (status: number, message: string) => new ApiError(status, message, { error: message });

describe("serverErrorField: API errors go next to the field they are about", () => {
  test.each([
    [400, "name is required", "name"],
    [400, "name must not contain control characters", "name"],
    [400, "subdomain must be at least 3 characters", "subdomain"],
    [400, "subdomain 'name' is reserved", "subdomain"],
    [409, "subdomain 'x' is already taken", "subdomain"],
    [400, "icon must be an http:// or https:// URL", "icon"],
    [400, "description must be at most 500 characters", "description"],
    [400, "plan must be one of free, basic, growth", "plan"],
    [400, "paid plans are not available: Lightning billing is not configured on this platform", "plan"],
    [400, "field 'description' must be a string", "description"],
    [400, "field 'name' is required", "name"],
  ] as const)("%d %s → %s", (status, message, field) => {
    expect(serverErrorField(e(status, message))).toBe(field);
  });
  test.each([
    [400, "unknown field 'icon_url'"],
    [400, "request body is not valid JSON"],
    [400, "tenant must be a 64-hex public key or an npub"],
    [400, "status must be active or suspended"],
    [500, "name is required"],
    [503, "Lightning billing is not configured"],
  ] as const)("%d %s → the form", (status, message) => {
    expect(serverErrorField(e(status, message))).toBeNull();
  });
});
