import { describe, expect, test } from "bun:test";
import { assignableRoles, canManageMember, may, roleCannot } from "./roles";

const moderator = { role: "moderator", may: ["view", "moderate"] };
const admin = { role: "admin", may: ["view", "moderate", "erase", "settings", "team"] };
const owner = {
  role: "owner",
  may: ["view", "moderate", "erase", "settings", "team", "plan", "billing", "lifecycle", "ownership"],
};

describe("role gating", () => {
  test("a moderator moderates and nothing more", () => {
    expect(may(moderator, "moderate")).toBe(true);
    for (const a of ["erase", "settings", "team", "plan", "billing", "lifecycle", "ownership"] as const)
      expect(may(moderator, a)).toBe(false);
  });
  test("an admin has everything but money, deletion and ownership", () => {
    expect(may(admin, "settings")).toBe(true);
    expect(may(admin, "team")).toBe(true);
    for (const a of ["plan", "billing", "lifecycle", "ownership"] as const) expect(may(admin, a)).toBe(false);
  });
  test("the owner, and a view without a role, may everything", () => {
    expect(may(owner, "ownership")).toBe(true);
    expect(may({ role: null, may: null }, "billing")).toBe(true);
  });
  test("the refusal names the role and the action", () => {
    expect(roleCannot(moderator, "billing")).toContain("Your role on this relay is moderator");
    expect(roleCannot(moderator, "billing")).toContain("cannot see or pay this relay's bills");
    expect(roleCannot(admin, "ownership")).toContain("as an admin you cannot transfer this relay");
  });
  test("an admin manages moderators only; a moderator no one", () => {
    expect(canManageMember("owner", "admin")).toBe(true);
    expect(canManageMember("admin", "moderator")).toBe(true);
    expect(canManageMember("admin", "admin")).toBe(false);
    expect(canManageMember("moderator", "moderator")).toBe(false);
    expect(assignableRoles("owner")).toEqual(["moderator", "admin"]);
    expect(assignableRoles("admin")).toEqual(["moderator"]);
    expect(assignableRoles("moderator")).toEqual([]);
  });
});
