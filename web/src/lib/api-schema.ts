// The HTTP API's types, generated from the backend's OpenAPI document into web/generated (scripts/gen-api.ts): kept
// outside src, so what the app's own code repeats is counted apart from what the generator writes.
export type { $defs, components, operations, paths, webhooks } from "../../generated/api-schema";
