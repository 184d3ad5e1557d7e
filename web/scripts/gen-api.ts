// Generates generated/api-schema.ts from the backend's OpenAPI document, the one contract of the HTTP API, so the web
// app's request and response types cannot drift from what the backend documents (the app imports them through
// src/lib/api-schema.ts; generated code is kept out of src). Run `bun run gen:api` after the document changes;
// test/api-schema.test.ts fails while the committed file is stale.
import openapiTS, { astToString } from "openapi-typescript";
import { readFile, writeFile } from "node:fs/promises";

export const documentPath = new URL("../../backend/src/main/resources/openapi.json", import.meta.url);
export const schemaPath = new URL("../generated/api-schema.ts", import.meta.url);

const header = `// GENERATED from backend/src/main/resources/openapi.json by \`bun run gen:api\` (scripts/gen-api.ts).
// Do not edit by hand: change the OpenAPI document and regenerate.
`;

/** The text api-schema.ts must have for the current OpenAPI document. */
export async function generateApiSchema(): Promise<string> {
  const document = JSON.parse(await readFile(documentPath, "utf8"));
  return header + astToString(await openapiTS(document));
}

if (import.meta.main) {
  await writeFile(schemaPath, await generateApiSchema());
  console.log(`wrote ${schemaPath.pathname.replace(/.*\/web\//, "web/")}`);
}
