// The web app's names for the Caravel HTTP API's shapes. Every shape comes from the generated api-schema.ts (the
// OpenAPI document is the one contract); this file only names them, so a hand-written copy cannot drift.
import type { components, operations } from "./api-schema";

type Schemas = components["schemas"];
type Operation = keyof operations;

/** The JSON body `op` answers with on HTTP `status`. */
export type ResponseBody<Op extends Operation, Status extends number = 200> =
  operations[Op]["responses"] extends Record<Status, { content: { "application/json": infer B } }> ? B : never;

/** The JSON body `op` takes. */
export type RequestBody<Op extends Operation> =
  NonNullable<operations[Op]["requestBody"]> extends { content: { "application/json": infer B } } ? B : never;

/** The query parameters `op` takes. */
export type QueryParams<Op extends Operation> = NonNullable<operations[Op]["parameters"]["query"]>;

/** Ids are opaque strings; callers may still hold numeric ones from a URL or a test. */
export type Id = string | number;

export type ErrorBody = Schemas["Error"];
export type Config = Schemas["Config"];
export type Plan = Schemas["Plan"];
export type PlanId = Plan["id"];
export type SessionInfo = Schemas["Session"];
export type Identity = Schemas["Identity"];
export type Tenant = Schemas["Tenant"];
export type TenantStatus = Tenant["status"];
export type Relay = Schemas["Relay"];
export type RelayStatus = Relay["status"];
export type RelaySync = Schemas["Sync"];
export type RelaySettings = Schemas["RelaySettings"];
export type SettingName = keyof RelaySettings;
export type SettingLock = Schemas["SettingLock"];
export type SyncState = RelaySync["state"];
export type Invoice = Schemas["Invoice"];
export type InvoiceItem = Schemas["InvoiceItem"];
export type InvoiceStatus = Schemas["Invoice"]["status"];
export type Activity = Schemas["Activity"];
export type RelayHealth = Schemas["Health"];
export type PlatformStatus = Schemas["PlatformStatus"];
export type MediaStorage = Schemas["MediaStorage"];
export type BitcoinPriceStatus = Schemas["BitcoinPriceStatus"];
export type ZooidNodeUse = Schemas["ZooidNodeUse"];
export type RelayMove = Schemas["RelayMove"];
export type SubdomainCheck = Schemas["SubdomainCheck"];
export type Bolt11 = Schemas["Bolt11"];
export type Created = Schemas["Created"];
export type Receipt = Schemas["Receipt"];
export type Quote = Schemas["Quote"];
export type BillingSummary = Schemas["AccountBilling"];
export type CardAccount = ResponseBody<"cardAccount">;
export type RailChoice = ResponseBody<"chooseRail">;
export type PaymentRail = CardAccount["rail"];
export type StripeCheckout = ResponseBody<"stripeCheckout">;

export type CreateRelayBody = RequestBody<"createRelay">;
export type UpdateRelayBody = RequestBody<"updateRelay">;
export type UpdateTenantBody = RequestBody<"updateTenant">;
export type CreateApiTokenBody = RequestBody<"createApiToken">;
export type ApiToken = Schemas["ApiToken"];

export type TenantPage = Schemas["TenantPage"];
export type RelayPage = Schemas["RelayPage"];
export type InvoicePage = Schemas["InvoicePage"];
export type ActivityPage = Schemas["ActivityPage"];
/** Where a paged list stands; every page answer has it beside its items (page is null on a page fetched by cursor). */
export type PageInfo = Pick<RelayPage, "total" | "page" | "per_page" | "total_exact">;
/** The cursors of the pages beside this one, answered by the lists that page by cursor too (relays, tenants). */
export type PageCursors = Pick<RelayPage, "next_cursor" | "prev_cursor">;
export type RelayListParams = QueryParams<"listRelays">;
export type TenantListParams = QueryParams<"listTenants">;
export type InvoiceListParams = QueryParams<"tenantInvoices">;
export type ActivityListParams = QueryParams<"relayActivity">;
