// The committed API types must be the ones the OpenAPI document generates today; a stale file means the web app is
// typed against a contract the backend no longer documents.
import { expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { generateApiSchema, schemaPath } from "../scripts/gen-api";

test("generated/api-schema.ts is up to date with openapi.json (run `bun run gen:api`)", async () => {
  expect(await readFile(schemaPath, "utf8")).toBe(await generateApiSchema());
});
