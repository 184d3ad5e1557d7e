// GENERATED from backend/src/main/resources/openapi.json by `bun run gen:api` (scripts/gen-api.ts).
// Do not edit by hand: change the OpenAPI document and regenerate.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description 200 while the process serves HTTP; nothing else is checked, so a slow dependency never gets a healthy process restarted. Never rate limited.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description 200 when the database answers with the schema this version expects, zooid answers (checked at most every 5 s, 2 s at most), and the job runners run; else 503. `checks` names each check with `ok` or what is wrong, in words that name no host, key or internal error. Never rate limited.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description The Prometheus text exposition format: requests by route template, method and status with latency buckets; jobs by kind and state and the age of the oldest due job; invoices by rail and status and payments credited by rail; zooid sync outcomes and latency, zooid reachability; relay watches; live streams; the database pool; disk and JVM figures. Exists only when METRICS_TOKEN is set (404 otherwise) and needs `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). Labels carry only names chosen in code, never a key, id or address. docs/deploy.md lists the series.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tls/ask": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether a name may get a certificate (the proxy's on-demand TLS)
         * @description Caddy's on-demand TLS asks this before it gets a certificate for a name it has none for (deploy/Caddyfile, `on_demand_tls { ask … }`). 200 only when `domain` is exactly `<subdomain>.<RELAY_DOMAIN>` (any letter case; no port, no trailing dot) of a relay that zooid serves now (active and provisioned); 404 for anything else, including the app's own name, the relay domain itself, nested names and relays that are pending, awaiting payment, suspended or inactive. Not counted against the ordinary per-address limit; bounded by its own (6,000 a minute per address) and by two lookups at a time (429 beyond).
         */
        get: operations["tlsAsk"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform settings for the web app */
        get: operations["config"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Plans */
        get: operations["plans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One plan */
        get: operations["plan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A bearer session for a NIP-98-signed request (no body) */
        post: operations["createSession"];
        /** Revoke the bearer token */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling */
        get: operations["identity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tenants (admin) */
        get: operations["listTenants"];
        put?: never;
        /** The caller's tenant, created if missing */
        post: operations["ensureTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant (self or admin) */
        get: operations["getTenant"];
        /** Autopay wallet (nwc_url) or status (admin) */
        put: operations["updateTenant"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}/relays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant's relays */
        get: operations["tenantRelays"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant's invoices */
        get: operations["tenantInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}/stripe/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stripe customer portal URL, returning to /account (503 when Stripe is off). It opens before the account has a card: the Stripe customer is created on first request, so the first card can be added there */
        get: operations["stripeSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All relays (admin) */
        get: operations["listRelays"];
        put?: never;
        /**
         * Create a relay (a paid plan returns its first invoice)
         * @description Creates a relay for the caller. 403 over a quota (free relays, relays of any plan, unpaid invoices); 409 subdomain_taken; 409 deleted_relays_waiting when the account already has QUOTA_DELETED_RELAYS deleted relays waiting in their undo window (each keeps its subdomain until it is purged), the message saying when the first of them is removed.
         */
        post: operations["createRelay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A relay */
        get: operations["getRelay"];
        /** Change a relay (fields and settings, in one transaction) */
        put: operations["updateRelay"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate */
        post: operations["deactivateRelay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reactivate */
        post: operations["reactivateRelay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/provision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry provisioning now (admin) */
        post: operations["provisionRelay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members with roles, profiles and the plan's allowance */
        get: operations["relayMembers"];
        put?: never;
        /** Add a member (NIP-86 allowpubkey) */
        post: operations["postRelayMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's NIP-11 answer now */
        get: operations["relayHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What happened to a relay */
        get: operations["relayActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events stream of a tenant's live state
         * @description An event `state` at once and whenever the tenant's relays, invoices, activity or members change: {version, relays: [Relay], invoices: [{id, status, amount, kind, paid_at}], activity_id, members: {relay id: members besides the owner, for active relays; counted again as soon as someone joins or leaves, a join once its plan's allowance check is done}, member_refusals: {relay id: id of its newest join refused because the relay was full}, billing: AccountBilling (null before the account exists)}. A comment line every 15 s; the stream ends after 5 minutes (reconnect). Admins may watch any tenant with `tenant`. Bounded: at most 32 streams per account, `LIVE_STREAMS_PER_ADDRESS` per client address whatever keys it signs with (429 with `Retry-After`), and `LIVE_STREAMS_MAX` on the platform (503 with `Retry-After`).
         */
        get: operations["liveState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/subdomains/{subdomain}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Is a subdomain free and valid */
        get: operations["checkSubdomain"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An invoice */
        get: operations["getInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/bolt11": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invoice's Lightning request (re-issued when expired) */
        get: operations["invoiceBolt11"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Look the payment up now */
        post: operations["checkInvoice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a plan change would charge now, from when to when, and the next renewal (the change run and rolled back) */
        get: operations["quoteRelayPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a new relay on this plan would charge now, and the next renewal */
        get: operations["quoteNewRelay"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/unsuspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a billing suspension (administrators; recorded, the invoice stays payable) */
        post: operations["unsuspendRelay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}/billing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's next renewal, overdue invoices, credit and what autopay will do */
        get: operations["tenantBilling"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A printable receipt of a paid invoice */
        get: operations["invoiceReceipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invoices/{id}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay now from the tenant's autopay wallet, beyond the budget: NIP-98 only, by the invoice's own tenant */
        post: operations["payInvoiceFromWallet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stripe/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stripe events (Stripe-Signature checked; each event id applied once) */
        post: operations["stripeWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}/stripe/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay by card: a Stripe Checkout URL, or the card on file charged for what waits */
        post: operations["stripeCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's payment rail and card payment state */
        get: operations["cardAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tenants/{pubkey}/rail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Pay by Lightning or card: at once when nothing is billed, else at the next renewal */
        put: operations["chooseRail"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/members/{pubkey}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (unallowpubkey); the owner cannot be removed */
        delete: operations["deleteRelayMembersPubkey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/capabilities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** NIP-86 methods the relay offers */
        get: operations["getRelayCapabilities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/invite": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An invite claim from the relay, as a join link and QR code */
        get: operations["getRelayInvite"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invite codes (newer zooid only) */
        get: operations["getRelayInvites"];
        put?: never;
        /** Create an invite code (newer zooid only) */
        post: operations["postRelayInvites"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/invites/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invite code (newer zooid only) */
        delete: operations["deleteRelayInvitesCode"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/bans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Banned pubkeys with reasons */
        get: operations["getRelayBans"];
        put?: never;
        /**
         * Ban a pubkey (banpubkey: deletes everything it wrote on the relay)
         * @description Refused with 409 team_member for someone on the relay's team (zooid lets the keys its config's roles name back in on every reload): remove them from the team first.
         */
        post: operations["postRelayBans"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/bans/{pubkey}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Lift a ban (a platform ban: the owner only); a key that was a member when banned, the owner or the team is made a member again, anyone else with restore_membership */
        delete: operations["deleteRelayBansPubkey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Kind 1984 reports on the relay, open first */
        get: operations["getRelayReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/reports/{report}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Act on a report */
        post: operations["postRelayReportsReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open report counts per relay */
        get: operations["getReportsOpen"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent events, paged by time */
        get: operations["getRelayEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/events/{event}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an event (banevent), reason kept
         * @description Refused with 409 for an event signed by the relay's own key (zooid's membership records): deleting it would change who zooid counts as a member.
         */
        delete: operations["deleteRelayEventsEvent"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/events/{event}/allow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Allow a deleted event id again (allowevent); the copy is gone */
        post: operations["postRelayEventsEventAllow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/deleted-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events deleted through Caravel, with reasons */
        get: operations["getRelayDeletedEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every event the relay key can read, as JSON lines (streamed) */
        get: operations["getRelayExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/platform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The platform's state for its operators (admins): where Blossom media really goes
         * @description media: whether the S3 settings (BLOSSOM_S3_*) are in effect. zooid's archived line ignores them and keeps media on its own disk; Caravel tells the lines apart by trying the newer line's members route, in the background (every 30 s until it can tell, every 10 minutes after), so this answer never waits on zooid. Without S3 nothing is asked.
         */
        get: operations["getAdminPlatform"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The zooid nodes and their use (admins): relays placed on each against its capacity, and whether it answers now
         * @description One entry per zooid node, in the order ZOOID_NODES lists them (the single-node settings are one node named default). relays counts every relay placed on the node, whatever its status (zooid keeps an inactive relay's config and data); room is capacity minus relays, null when the node has no capacity (no limit). Unlike /admin/platform this asks every node now, all at once (one signed GET of its management API that changes nothing, 5 s to connect): reachable says whether it answered with our key, problem why not.
         */
        get: operations["getAdminNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/money": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator's money view (admins): revenue by month and way of payment, recurring revenue, open and overdue invoices, failed autopays, churn, people with relays */
        get: operations["getAdminMoney"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/money.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every month's payments as CSV (month, way, invoices, sats, fiat_currency, fiat_minor_units) */
        get: operations["getAdminMoneyCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/platform-bans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform bans (admins) */
        get: operations["getAdminPlatformBans"];
        put?: never;
        /** Ban a pubkey on every relay (admins; a durable job) */
        post: operations["postAdminPlatformBans"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/platform-bans/{ban}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A platform ban's progress */
        get: operations["getAdminPlatformBansBan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/platform-bans/{ban}/relays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a platform ban and its undo did on each relay
         * @description Every relay the ban visited. state: banned, already_banned (banned there before: lifting the platform ban leaves that ban), skipped (the relay's owner), failed, banning (under way). was_member: whether the pubkey was a member right before the ban (null: not recorded). owner_acted: what the relay itself did to the pubkey since (banned, unbanned: the undo leaves the relay as it is; removed: the undo lifts the ban but does not restore membership). undo_state: unbanned, restored (a member again), cap_full (lifted, but the relay is at its plan's member limit: not restored; undoing again retries), left, failed; null until the undo visits the relay.
         */
        get: operations["getAdminPlatformBansBanRelays"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/platform-bans/{ban}/undo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift a platform ban where it was applied
         * @description Lifts the ban on the relays where this ban put it (also while it is still being applied), and makes the pubkey a member again where the ban removed its membership, within each relay's member limit. A relay that banned the pubkey before keeps its ban; where the relay's owner banned, unbanned or removed the pubkey since, their decision stands. Once undone, undoing again retries only the relays where the undo failed or the relay was full (409 when there are none).
         */
        post: operations["postAdminPlatformBansBanUndo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import events from JSON lines (streamed; what the export writes)
         * @description Each line is one signed Nostr event. Ids and signatures are checked, then each event is published to the relay over the relay key's authenticated connection, so the relay's own rules apply and its refusals are reported per line. Events the relay already holds are not sent again: importing the same file twice changes nothing. The body has its own bound, IMPORT_MAX_BYTES (not the 64 KiB of other requests), and each line IMPORT_MAX_LINE_BYTES. A NIP-98 signature for this route is checked without its payload tag (the body is streamed into the import). Imports count against RATE_IMPORTS_PER_HOUR_KEY.
         */
        post: operations["importRelayEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/relays/{id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's latest move and the step it reached (admins); 204 when it never moved */
        get: operations["getAdminRelayMove"];
        put?: never;
        /** Move a relay to another zooid node with its events, its URL unchanged (admins; a durable job in steps) */
        post: operations["postAdminRelayMove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/domain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the relay's own domain (starts pending; checked at once and in the background) */
        put: operations["putRelayDomain"];
        post?: never;
        /** Remove the relay's own domain (the canonical address stays) */
        delete: operations["deleteRelayDomain"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/domain/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the domain's DNS records now */
        post: operations["checkRelayDomain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/names": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The NIP-05 names given on the relay */
        get: operations["relayNames"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/names/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Give a member a name (a member holds one name per relay: giving another moves it) */
        put: operations["putRelayName"];
        post?: never;
        /** Take a name back */
        delete: operations["deleteRelayName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relays the signed-in key is a member of, with its names there */
        get: operations["myMemberships"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/memberships/{id}/name": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Claim or change one's own name on a relay one is a member of */
        put: operations["putMyName"];
        post?: never;
        /** Give up one's own name on a relay */
        delete: operations["deleteMyName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/nostr.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** NIP-05 names at the relay host the request is for (routed here by the proxy from every relay host); no authentication */
        get: operations["nip05"];
        put?: never;
        post?: never;
        delete?: never;
        /** CORS preflight for NIP-05 look-ups from web apps (any origin, GET) */
        options: operations["nip05Preflight"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/admission": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's paid admission settings */
        get: operations["getRelayAdmission"];
        /**
         * Set the relay's admission: free (invite only), a one-time price or a price per month, paid to the owner's own wallet
         * @description Only the relay's owner (or an administrator) reaches it; another account's relay is 404. While an administrator holds the account suspended its owner may change nothing here (403, like the relay's other settings). Only the owner may connect a wallet (403 for an administrator): it receives the members' payments, so a request with a string nwc_url needs the owner's fresh NIP-98 signature of this very request; with a session or a reusable token it is 403 ("connecting a wallet needs a fresh signature (NIP-98), not a session or a reusable token") and nothing is changed. Disconnecting (nwc_url null) and the other fields work with a session. A priced mode may be saved before a wallet is connected: the join page then does not sell (not_selling_reason no_wallet). Errors: 400 with the field (mode, price_sats, trial_days, rules, nwc_url; a wallet whose get_info lacks make_invoice or lookup_invoice is 400 nwc_url naming the missing permission); 409 wallet_needed (nwc_url null while the mode is not free); 503 wallet_unavailable (the wallet did not answer); 502 wallet_refused (the wallet answered get_info with a NIP-47 error).
         */
        put: operations["putRelayAdmission"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/admission/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everyone who joined through the join page: status, paid until, what they paid; revenue and lapses */
        get: operations["getRelayPaidMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/admission/members.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The paying members as CSV (npub, pubkey, name, status, mode, joined_at, paid_until, payments, total_paid_sats, last_paid_at; times ISO 8601 UTC)
         * @description A header row, CRLF line ends, Content-Disposition attachment. Fields with a comma, quote or line break are quoted; a field starting with = + - @, tab or carriage return is prefixed with an apostrophe, so a spreadsheet never reads a member's profile name as a formula.
         */
        get: operations["getRelayPaidMembersCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admissions/{subdomain}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A relay's public join page data: name, icon, description, rules, price and whether it sells now; no authentication */
        get: operations["getJoinInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admissions/{subdomain}/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in person's standing on this relay (member, paid until, the open invoice) */
        get: operations["getJoinStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admissions/{subdomain}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join: the owner's wallet makes an invoice for the signed-in person (the same open invoice when asked again), or a free trial starts at once. A key banned on the relay (its own ban or a platform ban) is refused first: 403 banned, no invoice, no trial. The wallet's invoice is decoded first: another amount, payment hash, network or expiry is 502 wallet_refused and nothing is stored. 429 too_many_open_invoices (with Retry-After) when the relay has ADMISSION_OPEN_JOIN_INVOICES unpaid ones open, or too many joins from one address; 503 wallet_busy (Retry-After) when the owner's wallet is answering its limit of calls already. A trial starts only within the owner's trials per day and half the seats paying members do not hold; otherwise the join asks for payment. */
        post: operations["postJoin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admissions/{subdomain}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the owner's wallet now whether the open invoice is paid (the background check asks too); admits on settlement */
        post: operations["postJoinCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/admission/trials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's open free trials, oldest first */
        get: operations["getRelayTrials"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/admission/trials/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End one free trial (pubkey) or every open one (all: true): they leave the relay and their row is lapsed (paying admits them again; no second trial) */
        post: operations["endRelayTrials"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/join-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The relay's "ask to join" setting, its terms and how many join requests wait
         * @description Only the relay's owner (or an administrator) reaches it; another account's relay is 404.
         */
        get: operations["getJoinSettings"];
        /**
         * Set whether strangers ask to join the relay, and the terms its join page shows
         * @description Only the relay's owner (or an administrator) reaches it; another account's relay is 404. While an administrator holds the account suspended its owner may change nothing here (403, like the relay's other settings). An absent field keeps what is set. Requests already waiting stay when asking is turned off. Errors: 400 with the field (ask_to_join not a boolean; terms not a string, over 4000 characters, or with control or invisible or direction-changing characters).
         */
        put: operations["putJoinSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/join-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The join requests waiting for the relay's team, oldest first, with the requesters' profile names where known
         * @description Only the relay's owner (or an administrator) reaches it; another account's relay is 404.
         */
        get: operations["listJoinRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/join-requests/{request}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a join request: the person is admitted (on a priced relay, asked to pay on the join page) and told by DM
         * @description Only the relay's owner (or an administrator) reaches it; another account's relay is 404. A free relay adds the person as any member add does: 403 banned for a banned key, 409 member_cap_reached (with the allowance's figures) when the plan's members are used; the request then keeps waiting. A priced relay admits nobody by approval: the status becomes to_pay and the join page sells them membership. 409 request_decided when the request was decided already (two approvals at once: one admits, the other is 409).
         */
        post: operations["approveJoinRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/join-requests/{request}/deny": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deny a join request; the person is told by DM
         * @description Only the relay's owner (or an administrator) reaches it; another account's relay is 404. 409 request_decided when it was decided already.
         */
        post: operations["denyJoinRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admissions/{subdomain}/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in person's join request on this relay (none, pending, approved, to_pay, denied or member) */
        get: operations["getMyJoinRequest"];
        put?: never;
        /**
         * Ask to join the relay as the signed-in key, with a short message for its team
         * @description The request is always the signed-in key's own. Bounded per client address like joins. Errors: 400 message (over 500 characters, control or invisible or direction-changing characters); 403 banned; 409 not_asking (the relay does not take requests), already_member, request_pending (one waits already).
         */
        post: operations["requestToJoin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/join/{subdomain}/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The relay's terms as plain text (empty when none); no authentication
         * @description zooid's NIP-11 document has no field Caravel can fill with a relay's terms, so this is the address the join page and the docs give for them.
         */
        get: operations["getJoinTerms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/insight": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's insight (its owner or an administrator): posts and events per day and month, kinds, active members, joins and leaves, top posters, reports, refused joins, storage */
        get: operations["getRelayInsight"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/insight.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's last 366 days as CSV (date, events, posts, event_bytes, joins, leaves, authors, reports, refused_joins) */
        get: operations["getRelayInsightCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/insight": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Insight across relays (admins): the platform's 30 days, the largest, busiest and fastest growing relays, relays near their member cap */
        get: operations["getAdminInsight"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete (owner only)
         * @description Its owner deletes the relay, typing its subdomain in confirm (400 confirmation_mismatch, field confirm, when it differs). It stops being served, a final backup is written, and it can be brought back with /undelete until deletion.undo_until; then it is purged: its subdomain is free, and its stored events and media leave the relay host when the operator configured a purge command (GET /config purge_removes_data; otherwise they stay there). Its place in the account's quota is free at once. Unpaid first and upgrade invoices are cancelled; 409 unpaid_invoice while an invoice bills it for time it was in service (pay it first). 403 for anyone but its owner; 409 when already deleted.
         */
        post: operations["deleteRelay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/undelete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo a deletion (owner only)
         * @description Brings a deleted relay back within its undo window, as it was (same subdomain, members and events), to the status it had as billing now allows. 409 undo_window_over after the window, 409 when not deleted; 403 when the account has no room for it again; 403 for anyone but its owner.
         */
        post: operations["undeleteRelay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/backups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's backups, its schedule and its latest restores (owner) */
        get: operations["listRelayBackups"];
        put?: never;
        /** Take a backup now (a job; poll the list) */
        post: operations["takeRelayBackup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/backups/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** How often backups are taken: daily, weekly or off */
        put: operations["setRelayBackupSchedule"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/backups/{backup}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The backup as one zip archive (streamed): manifest.json, events.jsonl, media/<sha256>, settings, members, bans, names */
        get: operations["downloadRelayBackup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/backups/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a backup archive to restore from (streamed; checked whole before it is kept)
         * @description The zip a backup download gives. Refused with the file (and for events.jsonl the line) named: a foreign or corrupt archive, a manifest that does not match, a line that is not a signed event. Bounded by what it unpacks to (RELAY_BACKUP_UPLOAD_MAX_BYTES in all, each file as its manifest declares, a blob 10 MiB, none on a plan without media, an events line 512,000 bytes); at most 6 uploads an hour per account (429); an upload takes a kept place (the oldest beyond the plan's count is removed). A NIP-98 signature for this route is checked without its payload tag.
         */
        post: operations["uploadRelayBackup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/backups/{backup}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What restoring the backup into this relay would change */
        get: operations["previewRelayRestore"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/restores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a backup into this relay: merge (only adds) or replace (also takes away members, bans and names the backup does not hold) */
        post: operations["restoreRelayBackup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/restores/{restore}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A restore's progress */
        get: operations["getRelayRestore"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/backups/{backup}/restore-into-new": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a backup of this relay into a new relay (created through the ordinary path: plan, quota, invoice) */
        post: operations["restoreRelayBackupIntoNew"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The moderation queue: reports and automatic removals grouped per event */
        get: operations["getRelayQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/queue/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many items wait in the moderation queue */
        get: operations["getRelayQueueCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/queue/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Hide after N reports, and the digest DM */
        get: operations["getRelayQueueSettings"];
        /** Change hide after N reports (0 or null: off) or the digest DM */
        put: operations["putRelayQueueSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/queue/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide many items at once; each item's outcome is reported */
        post: operations["postRelayQueueDecisions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/queue/items/{item}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide one item: delete, ban the author, dismiss or restore (409 already_decided when someone did) */
        post: operations["postRelayQueueItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/team": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's team: its owner and the admins and moderators helping run it */
        get: operations["getRelayTeam"];
        put?: never;
        /** Add someone to the team (the owner adds admins and moderators, an admin moderators only) */
        post: operations["postRelayTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/team/{pubkey}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a team member's role (409 when someone changed them at the same moment) */
        put: operations["putRelayTeamMember"];
        post?: never;
        /** Remove a team member (anyone may remove themselves); refused on their next request */
        delete: operations["deleteRelayTeamMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's open offer to another owner (owner only) */
        get: operations["getRelayTransfer"];
        put?: never;
        /** Offer the relay to another key (replaces an open offer); it moves when they accept */
        post: operations["postRelayTransfer"];
        /** Withdraw the open offer */
        delete: operations["deleteRelayTransfer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/team-relays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relays the caller helps run, each with the caller's role */
        get: operations["getMyTeamRelays"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relays offered to the caller */
        get: operations["getMyTransfers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transfers/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a relay offered to the caller: it is theirs at once, its next renewal theirs to pay */
        post: operations["postTransferAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transfers/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline a relay offered to the caller */
        post: operations["postTransferDecline"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/automod": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's automatic moderation rules, each in plain words */
        get: operations["getRelayAutomod"];
        /** Set the relay's automatic moderation rules (a pattern that cannot be read is refused with its field, e.g. patterns[2], and the character where it fails) */
        put: operations["putRelayAutomod"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/members/{pubkey}/erase": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                pubkey: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a member: their posts removed from the relay for good (and refused if published again), their membership, name, paid standing and insight entries ended; confirmed by typing their npub. Irreversible. The owner and the relay's key cannot be erased; an admin erases no admin. Runs as a job: 202.
         * @description An API token is refused (403 token_scope): erasing is in no token's scope.
         */
        post: operations["postRelayMembersPubkeyErase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/erasures": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** The people erased from the relay, newest first, and how far each erasure is */
        get: operations["getRelayErasures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/vanish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A signed NIP-62 request to vanish (kind 62), for clients that cannot publish it to the relay. No sign-in: the event is its own proof. Checked: kind 62 (vanish_kind), signed by its pubkey (vanish_signature), dated within the last 10 minutes and not in the future (vanish_stale, vanish_future), relay tags naming a relay hosted here or ALL_RELAYS (vanish_no_relay, vanish_other_relay); the relay's owner cannot vanish from it (owner_not_erasable). A refused request changes nothing. ALL_RELAYS reaches every hosted relay where the person is a member or on the team. */
        post: operations["postVanish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens, newest first (never the tokens themselves). A session or a signature only: a token cannot list tokens */
        get: operations["listApiTokens"];
        put?: never;
        /** A new personal API token, shown once. Scopes: read (every GET your role allows), manage (settings and team), moderate, billing (invoices and plan); never deletion or transfer. A scope beyond your role on relay_id is refused (403 token_scope, field scopes); a session or a signature only */
        post: operations["createApiToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/activity/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The relay's activity in a date range as CSV or JSON lines, streamed (columns: id, created_at, relay, tenant, kind, actor, via_token, message; CSV cells a spreadsheet would read as formulas are prefixed with ') */
        get: operations["exportRelayActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/activity/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Administrators only: the activity lines the platform's administrators caused, then the platform bans and relay moves they started (ids platform_ban:<id>, relay_move:<id>), in a date range, as CSV or JSON lines, streamed */
        get: operations["exportAdminActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The public status page: each zooid node and the platform, up, degraded or down, with 90 days of history and the incident notes
         * @description No sign-in. A node is down when it does not answer its API; the platform is down when the database does not answer or no node does, degraded when a node is down or background work is not running. The checks run every minute and when this is read more than 3 s after the last one. A browser asking for HTML gets the web app's status page. See docs/status-page.md.
         */
        get: operations["getStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/status/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post an incident note on the status page (admins)
         * @description state defaults to investigating; body may be empty. The note is shown to anyone on /status, as text.
         */
        post: operations["postStatusIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/status/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Update or resolve an incident note (admins) */
        put: operations["putStatusIncident"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhooks hearing the relay's events */
        get: operations["getRelayWebhooks"];
        put?: never;
        /** Register a webhook: the URL passes the outbound rules and answers a signed ping; the secret is in this answer only */
        post: operations["postRelayWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/webhooks/{webhook}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a webhook and its log */
        delete: operations["deleteRelayWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/webhooks/{webhook}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new secret, shown in this answer only; the old one signs nothing more */
        post: operations["postRelayWebhookRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/webhooks/{webhook}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused webhook */
        post: operations["postRelayWebhookResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/webhooks/{webhook}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook's latest 50 deliveries with each attempt's answer */
        get: operations["getRelayWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relays/{id}/webhooks/{webhook}/deliveries/{delivery}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again now: the same id and body, a new timestamp and signature */
        post: operations["postRelayWebhookReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhooks hearing every relay's events (admins) */
        get: operations["getAdminWebhooks"];
        put?: never;
        /** Register a webhook (admins): the URL passes the outbound rules and answers a signed ping; the secret is in this answer only */
        post: operations["postAdminWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{webhook}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a webhook and its log (admins) */
        delete: operations["deleteAdminWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{webhook}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new secret, shown in this answer only; the old one signs nothing more (admins) */
        post: operations["postAdminWebhookRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{webhook}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused webhook (admins) */
        post: operations["postAdminWebhookResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{webhook}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook's latest 50 deliveries with each attempt's answer (admins) */
        get: operations["getAdminWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{webhook}/deliveries/{delivery}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again now: the same id and body, a new timestamp and signature (admins) */
        post: operations["postAdminWebhookReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your API tokens: refused by every process from its next request */
        delete: operations["revokeApiToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            /** @description A message a person can act on. */
            error: string;
            /** @description A stable machine-readable code, e.g. invalid_input, not_found, subdomain_taken. */
            code: string;
            /** @description The request field the error is about (e.g. subdomain, name, nwc_url), or null. */
            field: string | null;
        };
        /** @description A plan of the operator's catalog (PLANS, PLANS_FILE; free, basic and growth by default). */
        Plan: {
            id: string;
            name: string;
            /** @description what Lightning charges for a month today: the price itself when plans are in sats, else the price at the current bitcoin price (null while that is unknown) */
            price_sats: number | null;
            max_members: number | null;
            blossom: boolean;
            livekit: boolean;
            /** @description what plans are priced in (PRICE_CURRENCY): SAT, or an ISO 4217 code such as USD */
            currency: string;
            /** @description the monthly price in the currency's minor unit (sats, or cents) */
            price: number;
            /** @description no longer offered: relays already on it keep it (GET /plans lists only offered plans) */
            hidden: boolean;
            /** @description relays on the plan give members NIP-05 names (plans file key names, true by default) */
            names: boolean;
            /** @description relays on the plan may have their own domain (plans file key custom_domain, true by default) */
            custom_domain: boolean;
        };
        Tenant: {
            pubkey: string;
            npub: string;
            /** @enum {string} */
            status: "active" | "suspended";
            autopay: boolean;
            billing_anchor: number | null;
            stripe_customer_id: string | null;
            relay_count: number;
            created_at: number;
            updated_at: number;
            autopay_budget: number | null;
        };
        /** @description Where the relay's config with zooid stands. A failed state with a retry is being retried by Caravel; failed without one is final (zooid refused the config, or the attempts ran out), and an administrator's retry_provisioning is what is left. A relay whose status is provisioning_failed reads the same way: setting up, retrying while sync.retry is set. */
        Sync: {
            /**
             * @description synced; pending: a sync is on its way; failed: the last attempt failed (see retry)
             * @enum {string}
             */
            state: "pending" | "synced" | "failed";
            last_error: string | null;
            attempts: number;
            synced_at: number | null;
            /** @description while the state is failed: the attempt Caravel makes next by itself; null otherwise */
            retry: components["schemas"]["SyncRetry"] | null;
        };
        Relay: {
            id: string;
            tenant: string;
            name: string;
            subdomain: string;
            schema: string;
            host: string;
            url: string;
            icon: string;
            description: string;
            plan: string;
            pending_plan: string | null;
            /** @enum {string} */
            status: "pending" | "active" | "provisioning_failed" | "awaiting_payment" | "suspended" | "inactive";
            awaiting_payment_invoice: string | null;
            sync: components["schemas"]["Sync"];
            created_at: number;
            updated_at: number;
            /**
             * @description what an inactive relay still owes underneath
             * @enum {string|null}
             */
            hold: "suspended" | "awaiting_payment" | null;
            /** @description inactive only because an administrator suspended the account: lifting that suspension brings it back to what hold says (in service when hold is null); false for a relay its owner deactivated */
            account_hold: boolean;
            /** @description an upgrade served once upgrade_invoice is paid */
            upgrade_plan: string | null;
            upgrade_invoice: string | null;
            /** @description what the caller may do now (deactivate, reactivate, delete, undo_delete, unsuspend, pay, edit, plan:<id>, cancel_plan_change, retry_provisioning); a deleted relay offers only undo_delete; null in lists */
            actions: string[] | null;
            settings: components["schemas"]["RelaySettings"];
            /** @description the settings that cannot be switched now (by name), and why; a setting not listed may be switched either way */
            settings_locked: {
                [key: string]: components["schemas"]["SettingLock"];
            };
            /** @description admins: the zooid node the relay is placed on (a name from ZOOID_NODES; default for the single-node settings); null for everyone else */
            node: string | null;
            /** @description the relay's own domain, null when none */
            custom_domain: components["schemas"]["CustomDomain"] | null;
            /** @description the address to share: wss://<custom domain>/ once verified, else url */
            public_url: string;
            /** @description set once its owner deleted it (the relay is inactive meanwhile): until undo_until it can be brought back (actions has undo_delete), then it is purged (purged_at): its subdomain is free, and its stored events and media leave the relay host when the operator configured a purge command (GET /config purge_removes_data); null on a relay not deleted */
            deletion: components["schemas"]["RelayDeletion"] | null;
            /**
             * @description The caller's role on the relay (null in lists that are not per caller): owner (also a platform administrator), admin or moderator
             * @enum {string|null}
             */
            role?: "owner" | "admin" | "moderator" | null;
            /** @description What the caller's role may do on the relay (caravel.domain.RelayRole.may); null where role is */
            may?: ("view" | "moderate" | "erase" | "settings" | "team" | "plan" | "billing" | "lifecycle" | "ownership")[] | null;
        };
        InvoiceItem: {
            id: string;
            relay: string;
            relay_name: string | null;
            plan: string;
            amount: number;
            period_start: number;
            period_end: number;
            /** @description the line in the invoice's fiat currency (minor unit), null when the invoice has none */
            fiat: number | null;
        };
        Invoice: {
            id: string;
            tenant: string;
            amount: number;
            /** @enum {string} */
            status: "pending" | "paid" | "void" | "expired";
            kind: string;
            created_at: number;
            due_at: number;
            paid_at: number | null;
            bolt11: string | null;
            payment_hash: string | null;
            expires_at: number | null;
            autopay_started_at: number | null;
            autopay_error: string | null;
            items: components["schemas"]["InvoiceItem"][];
            autopay_hold: string | null;
            credit_applied: number;
            gated: boolean;
            paid_hash: string | null;
            waived_at: number | null;
            /**
             * @description lightning: amount in sats; card: amount in card.currency's minor unit (e.g. cents)
             * @enum {string}
             */
            rail: "lightning" | "card";
            period_start: number | null;
            period_end: number | null;
            /** @description what a card (Stripe) invoice adds; null on Lightning */
            card: {
                /** @description Stripe's currency code, e.g. usd */
                currency: string;
                stripe_invoice_id: string;
                hosted_invoice_url: string | null;
                /** @description why the last attempt to charge the card failed */
                payment_error: string | null;
            } | null;
            /** @description what a Lightning invoice was priced at in a fiat currency when it was made (plans priced in fiat, or in sats with a bitcoin price configured); never recomputed. Null without a bitcoin price and on card invoices. */
            fiat: {
                currency: string;
                /** @description in the currency's minor unit (cents) */
                amount: number;
                /** @description the price of one bitcoin used, as a decimal */
                btc_price: string;
            } | null;
        };
        Activity: {
            id: number;
            relay: string | null;
            tenant: string | null;
            kind: string;
            message: string;
            created_at: number;
            /** @description Who did it: a 64-hex key (the owner, a team member, an administrator) or system */
            actor: string | null;
            /** @description The API token the actor acted with (its id, tok_…), null for a session, a signature or Caravel */
            via_token: string | null;
        };
        Member: {
            pubkey: string;
            role: string;
        };
        Health: {
            reachable: boolean;
            status: number | null;
            latency_ms: number | null;
            name: string | null;
            error: string | null;
            checked_at: number;
        };
        Session: {
            token: string;
            pubkey: string;
            is_admin: boolean;
            expires_at: number;
        };
        Identity: {
            pubkey: string;
            is_admin: boolean;
        };
        Config: {
            relay_domain: string;
            lightning: boolean;
            stripe: boolean;
            reserved_subdomains: string[];
            subdomain_pattern: string;
            nip46_relays: string[];
            /** @description The operator's display rate (FIAT_RATE): what one bitcoin is worth in a currency, for a hint beside sats prices; null when none is configured. Prices are always charged in sats. */
            fiat: null | {
                currency: string;
                per_bitcoin: number;
            };
            /** @description what plans are priced in: SAT or an ISO 4217 code */
            price_currency: string;
            /** @description whether the purge at the end of a deleted relay's undo window removes its stored events and media from the relay host (the operator configured PURGE_RELAY_COMMAND); false: zooid stops serving it and its subdomain is freed, but its events stay in zooid's database and its media in zooid's media folder until the operator removes them */
            purge_removes_data: boolean;
        };
        SubdomainCheck: {
            subdomain: string;
            available: boolean;
            error: string | null;
        };
        Bolt11: {
            bolt11: string;
            expires_at: number | null;
            amount: number;
        };
        Created: {
            relay: components["schemas"]["Relay"];
            invoice: components["schemas"]["Invoice"] | null;
        };
        NewRelay: {
            /** @description 1 to 64 characters once surrounding whitespace is removed, at least one of them not whitespace, stored in composed form (NFC); no control characters and no invisible or direction-changing characters (Unicode's default-ignorable code points and category Cf: bidirectional controls, zero-width spaces and joiners, soft hyphens, Hangul fillers, tag characters), refused with 400 code invisible_character naming the character. Two exceptions belong to visible text: a zero-width joiner between two pictographs (emoji sequences), left out of the pattern, and a variation selector right after a visible character, which the pattern accepts anywhere. */
            name: string;
            /** @description 3 to 63 characters: a-z, 0-9 and -, starting with a letter and not ending with -, without -- as 3rd and 4th characters (reserved for internationalized names like xn--); not one of the reserved names (GET /config lists them: 400) nor taken by another relay (409). */
            subdomain: string;
            /** @description Empty, or an http:// or https:// URL with a host name (the pattern states its usual form: a host name or IPv4 address, optional port, path, query and fragment in URL characters or %-escapes). null is the same as empty. */
            icon?: string | null;
            /** @description At most 500 characters once surrounding whitespace is removed, stored in composed form (NFC); tabs and line breaks allowed, other control characters and invisible or direction-changing characters (as for name) not. null is the same as empty. */
            description?: string | null;
            plan: string;
            tenant?: string;
            /** @description settings for the new relay; those not named (or named with their default) take the default, which is what relays had before settings existed; null is the same as none named */
            settings?: components["schemas"]["SettingChanges"] | null;
        };
        RelayChanges: {
            /** @description 1 to 64 characters once surrounding whitespace is removed, at least one of them not whitespace, stored in composed form (NFC); no control characters and no invisible or direction-changing characters (Unicode's default-ignorable code points and category Cf: bidirectional controls, zero-width spaces and joiners, soft hyphens, Hangul fillers, tag characters), refused with 400 code invisible_character naming the character. Two exceptions belong to visible text: a zero-width joiner between two pictographs (emoji sequences), left out of the pattern, and a variation selector right after a visible character, which the pattern accepts anywhere. */
            name?: string;
            /** @description 3 to 63 characters: a-z, 0-9 and -, starting with a letter and not ending with -, without -- as 3rd and 4th characters (reserved for internationalized names like xn--); not one of the reserved names (GET /config lists them: 400) nor taken by another relay (409). */
            subdomain?: string;
            /** @description Empty, or an http:// or https:// URL with a host name (the pattern states its usual form: a host name or IPv4 address, optional port, path, query and fragment in URL characters or %-escapes). null is the same as empty. */
            icon?: string | null;
            /** @description At most 500 characters once surrounding whitespace is removed, stored in composed form (NFC); tabs and line breaks allowed, other control characters and invisible or direction-changing characters (as for name) not. null is the same as empty. */
            description?: string | null;
            plan?: string;
            /** @description settings to switch; null is the same as none */
            settings?: components["schemas"]["SettingChanges"] | null;
        };
        TenantChanges: {
            nwc_url?: string | null;
            /** @enum {string} */
            status?: "active" | "suspended";
            autopay_budget?: number | null;
        };
        TenantPage: {
            items: components["schemas"]["Tenant"][];
            total: number;
            /** @description null on a page asked for by `after` or `before`: where it sits is not counted */
            page: number | null;
            per_page: number;
            /** @description false when a search matched more rows than were counted: then total is a lower bound ("1,000+") */
            total_exact: boolean;
            /** @description Pass as `after` for the next page; null on the last page and on an empty one */
            next_cursor: string | null;
            /** @description Pass as `before` for the previous page; null on the first page and on an empty one */
            prev_cursor: string | null;
        };
        RelayPage: {
            items: components["schemas"]["Relay"][];
            total: number;
            /** @description null on a page asked for by `after` or `before`: where it sits is not counted */
            page: number | null;
            per_page: number;
            /** @description false when a search matched more rows than were counted: then total is a lower bound ("1,000+") */
            total_exact: boolean;
            /** @description Pass as `after` for the next page; null on the last page and on an empty one */
            next_cursor: string | null;
            /** @description Pass as `before` for the previous page; null on the first page and on an empty one */
            prev_cursor: string | null;
        };
        InvoicePage: {
            items: components["schemas"]["Invoice"][];
            total: number;
            page: number;
            per_page: number;
            /** @description false when a search matched more rows than were counted: then total is a lower bound ("1,000+") */
            total_exact: boolean;
        };
        ActivityPage: {
            items: components["schemas"]["Activity"][];
            total: number;
            page: number;
            per_page: number;
            /** @description false when a search matched more rows than were counted: then total is a lower bound ("1,000+") */
            total_exact: boolean;
        };
        Plans: {
            items: components["schemas"]["Plan"][];
        };
        Members: {
            items: components["schemas"]["Member"][];
        };
        Status: {
            status: string;
        };
        Quote: {
            plan: string;
            current_plan: string | null;
            /** @enum {string} */
            change: "upgrade" | "downgrade" | "cancel" | "none" | "new";
            charge_now: {
                amount: number;
                credit_applied: number;
                amount_due: number;
                period_start: number | null;
                period_end: number | null;
                kind: string;
            } | null;
            /** @enum {string} */
            takes_effect: "on_payment" | "next_renewal" | "now";
            effective_at: number | null;
            next_renewal: {
                at: number | null;
                amount: number;
            };
            /** @enum {string|null} */
            autopay: "pays" | "needs_confirmation" | "off" | null;
            /**
             * @description card: the card is charged through Stripe (charge_now, Lightning's, is null and autopay is not used)
             * @enum {string}
             */
            rail: "lightning" | "card";
            /** @description on card, what the plan costs a month by card (minor unit); null when not on card or Stripe's prices are not known yet */
            card_price: {
                amount: number;
                currency: string;
            } | null;
            /** @description for a new relay on a free plan (GET /quote): how many more free relays the account may hold before this one (QUOTA_FREE_RELAYS less the free relays it holds, deactivated ones counted); null for a paid plan or a plan change. At the quota a free plan's quote is refused (403) */
            free_relays_left: number | null;
        };
        AccountBilling: {
            next_renewal: {
                at: number | null;
                /** @description sats; for plans priced in fiat, at today's bitcoin price (0 while it is unknown) */
                amount: number;
                items: {
                    relay: string;
                    relay_name: string;
                    plan: string;
                    amount: number;
                    price: number;
                }[];
                /** @description the renewal in the plans' currency (minor unit): the figure it will be made at */
                price: number;
                currency: string;
            };
            overdue: {
                invoice: string;
                amount_due: number;
                due_at: number;
                suspends_at: number;
                suspending: boolean;
                waived: boolean;
            }[];
            awaiting_payment: {
                invoice: string;
                amount_due: number;
                kind: string;
            }[];
            credit: number;
            autopay: {
                enabled: boolean;
                budget: number;
                budget_is_default: boolean;
                spent_this_cycle: number;
                remaining: number;
                next: string;
            };
            /** @description What the account pays next, when and how: the one answer every part of the account page shows. Knows the rail and a switch between rails asked for. */
            next_payment: {
                /**
                 * @description autopay: from the tenant's wallet; invoice: a Lightning invoice paid by hand; card: the card subscription (Stripe); none: nothing renews
                 * @enum {string}
                 */
                method: "autopay" | "invoice" | "card" | "none";
                /** @description when (the next renewal) */
                at: number | null;
                /** @description what the renewal takes over Lightning, after credit (0 on card) */
                sats: number;
                /** @description what the card is charged (minor unit of card_currency); null when not on card or Stripe's prices are not known yet */
                card_amount: number | null;
                card_currency: string | null;
                /**
                 * @description the rail billing the account now
                 * @enum {string}
                 */
                rail: "lightning" | "card";
                rail_switch: {
                    /** @enum {string} */
                    to: "lightning" | "card";
                    at: number | null;
                    /** @description false while a switch to card waits for Stripe Checkout to be finished (it would not happen) */
                    ready: boolean;
                } | null;
                /** @description what the card charges per period for the relays that renew (shown before a switch to card); null when unknown */
                per_period: {
                    /** @description minor unit (cents) */
                    amount: number;
                    currency: string;
                } | null;
                /** @description something waits for a card payment: "Pay by card" has something to do */
                card_due: boolean;
                /** @description on card with no card set up, what Stripe Checkout charges now for the relays waiting and those in service (minor unit); null otherwise or while Stripe's prices are not known */
                checkout_charge: {
                    amount: number;
                    currency: string;
                } | null;
            };
        };
        Receipt: {
            platform: string;
            invoice: string;
            tenant: string;
            npub: string;
            amount: number;
            credit_applied: number;
            amount_paid: number;
            paid_at: number;
            payment_hash: string | null;
            kind: string;
            items: components["schemas"]["InvoiceItem"][];
        };
        CommunityMember: {
            pubkey: string;
            npub: string;
            name: string | null;
            picture: string | null;
            role: string;
            /** @description the NIP-05 name the member holds on the relay */
            nip05_name: string | null;
        };
        MemberListing: {
            items: components["schemas"]["CommunityMember"][];
            count: number;
            limit: number | null;
            plan: string;
            refusals: {
                pubkey: string;
                plan: string;
                cap: number;
                created_at: number;
            }[];
        };
        CapReached: {
            error: string;
            /** @description member_cap_reached */
            code: string;
            field: string | null;
            limit: number;
            count: number;
            plan: string;
            upgrade_to: string[];
        };
        Capabilities: {
            version: string;
            methods: string[];
            claims: boolean;
            list_banned_events: boolean;
            roles: boolean;
        };
        Invite: {
            claim: string;
            url: string;
            /** @description data:image/svg+xml;base64,... */
            qr: string;
            relay_url: string;
            permanent: boolean;
            manageable: boolean;
        };
        Claim: {
            claim: string;
            pubkey: string | null;
            created_at: number;
            url: string;
        };
        Ban: {
            pubkey: string;
            npub: string;
            name: string | null;
            picture: string | null;
            reason: string;
            /** @description When the ban was given through Caravel (epoch seconds); null for a ban given elsewhere (a Nostr app) */
            banned_at: number | null;
            /** @description Who gave it (hex pubkey), when given through Caravel */
            banned_by: string | null;
            /** @description When the ban lifts itself (epoch seconds); null for a ban without end */
            until: number | null;
        };
        NostrEvent: {
            id: string;
            pubkey: string;
            npub: string;
            created_at: number;
            kind: number;
            tags: string[][];
            content: string;
            /** @description The relay's own bookkeeping (zooid's membership records: kinds 8000, 8001, 13534, or any event signed by the relay's key), not someone's post. Listed only with system=true, read-only: deleting one is refused with 409. */
            system: boolean;
        };
        Report: {
            id: string;
            reporter: string;
            reporter_npub: string;
            reporter_name: string | null;
            created_at: number;
            type: string;
            content: string;
            reported_pubkey: string | null;
            reported_npub: string | null;
            reported_name: string | null;
            reported_event_id: string | null;
            target: components["schemas"]["NostrEvent"] | null;
            /** @enum {unknown} */
            status: "open" | "closed";
            resolved_how: string | null;
            resolved_at: number | null;
            recent_by_reported: components["schemas"]["NostrEvent"][];
        };
        DeletedEvent: {
            event_id: string;
            author: string | null;
            kind: number | null;
            reason: string;
            actor: string;
            created_at: number;
            lifted_at: number | null;
        };
        PlatformBan: {
            id: string;
            pubkey: string;
            reason: string;
            /** @enum {unknown} */
            status: "running" | "done" | "undoing" | "undone";
            total: number;
            done: number;
            failed: number;
            last_error: string | null;
            created_by: string;
            created_at: number;
            updated_at: number;
            /** @description provisioned relays the ban has not reached yet while it stands: off now (reached when served again), new, or failed and waiting for the retry (0 once undone) */
            waiting: number;
            /** @description passes in a row that failed on some served relay (0: the last pass reached every served relay) */
            retries: number;
            /** @description when the next retry pass runs, null when none waits */
            next_retry_at: number | null;
        };
        PlatformBanRelay: {
            relay: string;
            subdomain: string | null;
            name: string | null;
            /**
             * @description waiting: the standing ban has not reached this relay yet (error says why: off now, or not reached yet)
             * @enum {unknown}
             */
            state: "banning" | "banned" | "already_banned" | "skipped" | "failed" | "waiting";
            was_member: boolean | null;
            /** @enum {string|null} */
            owner_acted: "banned" | "unbanned" | "removed" | null;
            /** @enum {string|null} */
            undo_state: "unbanned" | "restored" | "cap_full" | "left" | "failed" | null;
            /** @description why the ban failed there, or, once the undo visited the relay, why the undo failed or did not restore membership */
            error: string | null;
        };
        /** @description Every relay setting by name, as the relay really has it: the owner's choice, and the plan includes it (media, calls), and the platform offers it (calls need LiveKit). zooid carries all of them, policy_public_read and policy_public_write only on a node of zooid's newer line (elsewhere they are false: every read and write needs membership); management_enabled is always true (Caravel manages members and bans through it). */
        RelaySettings: {
            policy_public_read: boolean;
            policy_public_write: boolean;
            policy_public_join: boolean;
            policy_strip_signatures: boolean;
            groups_enabled: boolean;
            management_enabled: boolean;
            members_can_invite: boolean;
            blossom_enabled: boolean;
            livekit_enabled: boolean;
            push_enabled: boolean;
        };
        /** @description Settings to switch, by name (any subset). The whole request is refused when one cannot be made: 400 setting_not_supported (policy_public_read/policy_public_write true on a node of zooid's archived line), 400 setting_required (management_enabled false), 400 not_offered (livekit_enabled true on a platform without LiveKit), 403 not_in_plan (blossom_enabled/livekit_enabled true on a plan without media/calls), 400 unknown_setting or invalid_input (a value that is not a boolean); each with the setting's name as field. Switching anything else off is always allowed. */
        SettingChanges: {
            policy_public_read?: boolean;
            policy_public_write?: boolean;
            policy_public_join?: boolean;
            policy_strip_signatures?: boolean;
            groups_enabled?: boolean;
            management_enabled?: boolean;
            members_can_invite?: boolean;
            blossom_enabled?: boolean;
            livekit_enabled?: boolean;
            push_enabled?: boolean;
        };
        SettingLock: {
            /** @enum {string} */
            code: "setting_not_supported" | "setting_required" | "not_offered" | "not_in_plan";
            /** @description the sentence a change would be refused with */
            message: string;
        };
        ImportProblem: {
            /** @description 1-based line number in the file */
            line: number;
            /** @description the event's id when the line had one */
            event_id: string | null;
            /** @description why the line was not imported; the relay's own words when the relay refused it */
            message: string;
        };
        ImportResult: {
            /** @description events the relay accepted now */
            imported: number;
            /** @description lines that are not a well-formed event with a valid id and signature, or longer than IMPORT_MAX_LINE_BYTES */
            invalid: number;
            /** @description events the relay already held (not sent again) */
            already_present: number;
            /** @description valid events the relay refused (e.g. zooid takes only events the relay key wrote, and zap receipts and gift wraps to members) */
            refused: number;
            /** @description lines repeating an event seen earlier in the same file */
            duplicates: number;
            /** @description non-empty lines read */
            lines: number;
            /** @description lines not imported now, for any reason */
            skipped: number;
            /** @description the first 100 invalid or refused lines, in file order */
            problems: components["schemas"]["ImportProblem"][];
            /** @description how many more problems there were */
            problems_omitted: number;
        };
        /** @description An error; when the import stopped part-way (body over IMPORT_MAX_BYTES while streaming, relay connection lost), `result` says what was imported before. */
        ImportStopped: components["schemas"]["Error"] & {
            result?: components["schemas"]["ImportResult"];
        };
        PlatformStatus: {
            media: components["schemas"]["MediaStorage"];
            bitcoin_price: components["schemas"]["BitcoinPriceStatus"];
        };
        /** @description The bitcoin price plans in a fiat currency are charged at (FIAT_RATE or FIAT_RATE_URL). A feed answer is refused, and the last accepted rate kept, when its body is over 16 KiB, its price is outside 100 to 10,000,000,000 units of the currency per bitcoin, or it moves more than 25% from any rate accepted in the past hour. The feed address is never shown. */
        BitcoinPriceStatus: {
            /**
             * @description none: no rate configured (plans in sats); fixed: FIAT_RATE; feed: FIAT_RATE_URL
             * @enum {string}
             */
            source: "none" | "fixed" | "feed";
            /** @description the rate's currency; null when no rate was ever accepted */
            currency: string | null;
            /** @description the price of one bitcoin in use (a decimal number as text); null when none was ever accepted */
            per_bitcoin: string | null;
            /** @description when the feed's rate in use was accepted (unix seconds); null for a fixed rate or none */
            accepted_at: number | null;
            /** @description true when the feed has no rate younger than 15 minutes: invoices priced in fiat wait until it has */
            stale: boolean;
            /** @description when the feed's last refused or failed answer came (unix seconds); null when none was */
            refused_at: number | null;
            /** @description why that answer was refused (one sentence); null when none was */
            refusal: string | null;
        };
        MediaStorage: {
            /**
             * @description local: no S3 configured, media on zooid's disk. s3: S3 configured and zooid honours it. s3_ignored: S3 configured but zooid (its archived line) ignores it, media stays on zooid's disk. unknown: S3 configured and zooid's line could not be told (yet), so no claim is made.
             * @enum {string}
             */
            state: "local" | "s3" | "s3_ignored" | "unknown";
            /** @description BLOSSOM_S3_* is set */
            s3_configured: boolean;
            /**
             * @description as last probed; unknown when not probed (no S3) or not answered
             * @enum {string}
             */
            zooid_line: "archived" | "newer" | "unknown";
            /** @description when zooid was last asked (unix seconds); null when it never was */
            checked_at: number | null;
            /** @description one sentence for the operator */
            message: string;
            /** @description what the operator can do, when the settings are not in effect */
            action: string | null;
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            /** @description database, zooid, jobs: "ok" or what is wrong */
            checks: {
                [key: string]: string;
            };
            /** @description when not ready: the failing checks in words, e.g. "not ready: zooid unreachable" */
            error?: string;
            /**
             * @description when not ready
             * @enum {string}
             */
            code?: "unavailable";
        };
        ZooidNodeUse: {
            /** @description the node's name in ZOOID_NODES */
            name: string;
            /** @description the default node: relays from before nodes live here, and its relay domain is the one the platform advertises */
            default: boolean;
            /** @description new relays placed here live at <subdomain>.<relay_domain> */
            relay_domain: string;
            /** @description relays the node may hold; null: no limit */
            capacity: number | null;
            /** @description relays placed on the node */
            relays: number;
            /** @description capacity minus relays (negative when over capacity); null: no limit */
            room: number | null;
            /** @description the node's management API answered with our key just now */
            reachable: boolean;
            /** @description why it did not, in one sentence (never a secret); null when reachable */
            problem: string | null;
        };
        RelayMove: {
            id: string;
            relay_id: string;
            from_node: string;
            to_node: string;
            /** @enum {string} */
            step: "queued" | "created" | "copied" | "switched" | "caught_up" | "done" | "failed";
            /** @description events the copies put on the new node so far */
            events: number;
            error: string | null;
            started_at: number;
            switched_at: number | null;
            updated_at: number;
        };
        /** @description A DNS record the domain's owner creates at their DNS provider. */
        DnsRecord: {
            /** @enum {string} */
            type: "CNAME" | "TXT";
            /** @description the record's full name, e.g. relay.hikers.org or _caravel.relay.hikers.org */
            name: string;
            /** @description what the record holds: the relay's canonical host (CNAME) or the ownership token (TXT) */
            value: string;
            /**
             * @description route: sends the name to the relay; ownership: proves the claim is the domain owner's
             * @enum {string}
             */
            purpose: "route" | "ownership";
        };
        /** @description A relay's own domain (README "Custom domains"). It is the relay's address (public_url) only while in_use: verified, and routed by the proxy; its canonical address keeps working throughout. */
        CustomDomain: {
            /** @description lower-case host name, e.g. relay.hikers.org */
            domain: string;
            /**
             * @description pending: records not seen yet; verified: the records prove it (certificate offered, the proxy is given its route; in_use says whether it routes it); lost: was verified, its records are gone (no longer served, checked again until they return)
             * @enum {string}
             */
            state: "pending" | "verified" | "lost";
            /** @description every record the relay needs at the domain's DNS */
            records: components["schemas"]["DnsRecord"][];
            /** @description what the last check found wrong (e.g. no CNAME, a CNAME to another host, the TXT record missing), null when nothing */
            problem: string | null;
            created_at: number;
            checked_at: number | null;
            /** @description when it was last found verified */
            verified_at: number | null;
            /** @description when the background check looks again */
            next_check_at: number | null;
            /** @description whether the domain is the relay's address now (public_url, invites, QR codes, join pages, NIP-05 names): verified, allowed by the plan, the relay online, and the proxy holds its route */
            in_use: boolean;
            /** @description while verified but not in use, why (no proxy routes custom domains on this server, or the proxy has not taken the route) and that the relay's own address stays the one shown; null otherwise */
            not_routed: string | null;
        };
        CustomDomainInput: {
            /** @description a host name of at least two labels, not under the platform's own domains; upper case and a trailing dot are accepted and dropped */
            domain: string;
        };
        /** @description A NIP-05 name at a relay's hosts: <name>@<host> resolves to pubkey. */
        RelayName: {
            name: string;
            pubkey: string;
            npub: string;
            /**
             * @description who gave it: the relay's owner (or a platform administrator, acting as the owner), a team admin or moderator, or the member who claimed it
             * @enum {string}
             */
            assigned_by: "owner" | "admin" | "moderator" | "member";
            /** @description the NIP-05 addresses it makes, in the form clients accept (name@host, no port): name@canonical host, and name@custom domain while that is in use; a host with a port (a local stack) makes none */
            addresses: string[];
            created_at: number;
            updated_at: number;
        };
        RelayNames: {
            items: components["schemas"]["RelayName"][];
            /** @description the relay's plan offers names (a plan without them keeps no names) */
            enabled: boolean;
        };
        RelayNameInput: {
            /** @description hex or npub of a member of the relay */
            pubkey: string;
        };
        /** @description A relay Caravel hosts that the signed-in key is a member of, with the NIP-05 name it holds there. */
        Membership: {
            relay_id: string;
            /** @description the relay's name */
            name: string;
            icon: string;
            /** @description the relay's public URL (its custom domain's while in use: verified and routed) */
            url: string;
            /** @description the host names are served at (the custom domain while in use, else canonical) */
            host: string;
            names_enabled: boolean;
            nip05_name: string | null;
            /** @description name@host as NIP-05 clients accept it; null without a name, and null where the host has a port (a local stack's sub.localhost:3334): a NIP-05 address has none, and apps look names up at https://<host>/ */
            nip05: string | null;
        };
        Memberships: {
            items: components["schemas"]["Membership"][];
        };
        MyNameInput: {
            /** @description 1 to 64 of a-z 0-9 . _ - (upper case is lowered); unique on the relay */
            name: string;
        };
        /** @description NIP-05's document, served with Access-Control-Allow-Origin: * */
        Nip05: {
            names: {
                [key: string]: string;
            };
            relays: {
                [key: string]: string[];
            };
        };
        /**
         * @description free: invite only (no join page sales); once: one payment, a member for good; monthly: a payment per period (ADMISSION_PERIOD_SECONDS, 30 days by default), renewed by invoices DMed before the period ends
         * @enum {string}
         */
        AdmissionMode: "free" | "once" | "monthly";
        /** @description The owner's wallet that makes the admission invoices (an NWC connection; the URL itself is never returned) */
        AdmissionWallet: {
            connected: boolean;
            alias: string | null;
            /** @description the NIP-47 methods the wallet said it offers when it was connected */
            methods: string[];
            checked_at: number | null;
        };
        /** @description A relay's paid admission (README "Paid admission"). */
        AdmissionSettings: {
            mode: components["schemas"]["AdmissionMode"];
            /** @description the price of admission (once) or of a period (monthly), in sats; 0 when free */
            price_sats: number;
            /** @description monthly only: days a newcomer is a member before the first payment (0: none) */
            trial_days: number;
            /** @description the community's rules, shown on the join page */
            rules: string;
            wallet: components["schemas"]["AdmissionWallet"];
            /** @description whether the join page takes payments now */
            selling: boolean;
            /**
             * @description why not: free (invite only), no_wallet, full (the plan's member allowance is used), inactive (the relay is not online)
             * @enum {string|null}
             */
            not_selling_reason: "free" | "no_wallet" | "full" | "inactive" | null;
            /** @description the public join page, https://<app>/join/<subdomain> */
            join_url: string;
            period_seconds: number;
            grace_seconds: number;
            /** @description monthly with a trial: how many free trials may start per day (0: none). Trials also hold at most half of the seats paying members do not; past either, a join asks for payment. */
            trials_per_day: number;
        };
        AdmissionInput: {
            mode: components["schemas"]["AdmissionMode"];
            /** @description at least 1 for once and monthly (omit to keep the price already set); stored as 0 when free */
            price_sats?: number;
            /** @description monthly only: stored as 0 for the other modes. Omit to keep what is set. */
            trial_days?: number;
            /** @description Omit to keep what is set. */
            rules?: string;
            /** @description nostr+walletconnect:// connection to the owner's wallet; checked at once (get_info must list make_invoice and lookup_invoice). Omit to keep the connected one; null to disconnect (only when free). Connecting needs a fresh NIP-98 signature, not a session. */
            nwc_url?: string | null;
            /** @description free trials that may start per day (5 unless set; 0: none). Omit to keep what is set. */
            trials_per_day?: number;
        };
        PaidMember: {
            pubkey: string;
            npub: string;
            name: string | null;
            /** @enum {string} */
            status: "admitting" | "active" | "trial" | "grace" | "lapsed" | "removed" | "blocked";
            /** @enum {string} */
            mode: "once" | "monthly";
            joined_at: number;
            paid_until: number | null;
            total_paid_sats: number;
            payments: number;
            last_paid_at: number | null;
        };
        PaidMembers: {
            items: components["schemas"]["PaidMember"][];
            /** @description members now in status active, trial or grace */
            paying: number;
            /** @description people whose membership lapsed after a missed renewal */
            lapsed: number;
            /** @description every settled admission payment, all time */
            revenue_sats: number;
            /** @description settled in the last 30 days */
            revenue_30d_sats: number;
        };
        /** @description What a relay's public join page shows; anyone may read it. */
        JoinInfo: {
            subdomain: string;
            name: string;
            icon: string | null;
            description: string;
            rules: string;
            /** @description the relay's public address (its custom domain once served) */
            relay_url: string;
            join_url: string;
            mode: components["schemas"]["AdmissionMode"];
            price_sats: number;
            period_seconds: number;
            /** @description days of free trial a newcomer joining now gets (monthly only); 0 when the relay offers none or its trials per day or trial seats are used up, so the page never promises a trial the join would not give */
            trial_days: number;
            selling: boolean;
            /** @enum {string|null} */
            not_selling_reason: "free" | "no_wallet" | "full" | "inactive" | null;
            /** @description newcomers ask to join here and wait for the team's approval */
            ask_to_join: boolean;
            /** @description the community's terms, shown before a person asks to join */
            terms: string;
            /** @description where the terms are served as plain text; null when there are none */
            terms_url: string | null;
            health: components["schemas"]["JoinHealth"];
        };
        /** @description The relay's own health, as the public status page (GET /status) shows it: the state now of the zooid node serving the relay and the platform's open incident notes (every open note concerns every relay). It names nothing the status page does not. */
        JoinHealth: {
            /** @description the status page's component for the node, node:<name> */
            component: string;
            /**
             * @description the node's state now; unknown when no check knows the node
             * @enum {string}
             */
            state: "up" | "degraded" | "down" | "unknown";
            /** @description why it is not up, in words that name no host or key */
            detail: string | null;
            /** @description the incident notes still open, newest first */
            incidents: components["schemas"]["StatusIncident"][];
        };
        JoinInvoice: {
            id: string;
            /** @enum {string} */
            purpose: "join" | "renewal";
            amount_sats: number;
            bolt11: string;
            payment_hash: string;
            expires_at: number;
        };
        /** @description The signed-in person's standing on a relay's join page. */
        JoinStatus: {
            /**
             * @description none: never joined here; pending: an invoice is waiting to be paid; member: a member the owner added (not through this page); the rest as PaidMember.status
             * @enum {string}
             */
            status: "none" | "pending" | "admitting" | "active" | "trial" | "grace" | "lapsed" | "removed" | "blocked" | "member";
            paid_until: number | null;
            grace_until: number | null;
            total_paid_sats: number;
            /** @description the open invoice (join or renewal), if any */
            invoice: components["schemas"]["JoinInvoice"] | null;
            relay_url: string;
            /** @description opens the relay in Flotilla */
            flotilla_url: string;
        };
        /** @description A free trial that is open: joining or on the relay, not paid. */
        OpenTrial: {
            pubkey: string;
            /** @enum {string} */
            status: "admitting" | "trial";
            started_at: number;
            /** @description when the trial ends unpaid */
            ends_at: number | null;
        };
        OpenTrials: {
            items: components["schemas"]["OpenTrial"][];
        };
        /** @description pubkey (hex or npub) to end one trial, or all: true to end every open one; not both. */
        EndTrials: {
            pubkey?: string;
            all?: boolean;
        };
        TrialsEnded: {
            ended: number;
        };
        SyncRetry: {
            /** @description the number of the next attempt (or of the one running now) */
            attempt: number;
            /** @description attempts made before Caravel gives up */
            max_attempts: number;
            /** @description when the next attempt is due (epoch seconds); null while it runs */
            next_attempt_at: number | null;
        };
        /** @description Payments made one way: lightning (a Lightning request paid by hand), autopay (from the tenant's own wallet), card (a card-rail invoice), card_checkout (a Lightning invoice paid by card), credit (covered by the tenant's credit). sats: what Lightning received; fiat: in the minor unit of the report's fiat_currency. */
        MoneyWayTotal: {
            /** @enum {string} */
            way: "lightning" | "autopay" | "card" | "card_checkout" | "credit";
            /** Format: int64 */
            invoices: number;
            /** Format: int64 */
            sats: number;
            /** Format: int64 */
            fiat: number;
        };
        /** @description A month's payments, all ways together and each apart. */
        MoneyMonth: {
            /** @description YYYY-MM, UTC */
            month: string;
            /** Format: int64 */
            invoices: number;
            /** Format: int64 */
            sats: number;
            /** Format: int64 */
            fiat: number;
            by_way: components["schemas"]["MoneyWayTotal"][];
        };
        MoneyPlanLine: {
            plan: string;
            name: string;
            /** Format: int64 */
            relays: number;
            /**
             * Format: int64
             * @description a month of these relays in sats at today's price (null: no bitcoin price known)
             */
            sats: number | null;
            /**
             * Format: int64
             * @description the same in the report's fiat currency (null: none)
             */
            fiat: number | null;
        };
        /** @description Recurring revenue: the relays in service on a paid plan, each at its plan's monthly price today. */
        MoneyRecurring: {
            /** Format: int64 */
            paid_relays: number;
            /** Format: int64 */
            sats: number | null;
            /** Format: int64 */
            fiat: number | null;
            by_plan: components["schemas"]["MoneyPlanLine"][];
        };
        /** @description The platform's tenants are the people with at least one relay; everyone who ever signed in is counted apart. */
        MoneyPeople: {
            /** Format: int64 */
            with_relays: number;
            /** Format: int64 */
            signed_in: number;
            /** Format: int64 */
            without_relays: number;
        };
        /** @description Unpaid invoices of one rail and currency, and those overdue among them (for service already given, unpaid past their grace). */
        MoneyOpen: {
            /** @enum {string} */
            rail: "lightning" | "card";
            /** @description sat for Lightning (amounts in sats), else the card currency (amounts in its minor unit) */
            currency: string;
            /** Format: int64 */
            invoices: number;
            /** Format: int64 */
            amount: number;
            /** Format: int64 */
            overdue_invoices: number;
            /** Format: int64 */
            overdue_amount: number;
        };
        MoneyOverdue: {
            invoice: string;
            tenant: string;
            /** @enum {string} */
            rail: "lightning" | "card";
            currency: string;
            /** Format: int64 */
            amount: number;
            /** Format: int64 */
            due_at: number;
        };
        MoneyFailedPayment: {
            invoice: string;
            tenant: string;
            /** @enum {string} */
            rail: "lightning" | "card";
            currency: string;
            /** Format: int64 */
            amount: number;
            /** @enum {string} */
            status: "pending" | "paid" | "expired" | "void";
            /**
             * @description autopay_failed: the tenant's wallet did not pay; card_declined: the card charge failed; autopay_held: over the tenant's autopay budget
             * @enum {string}
             */
            kind: "autopay_failed" | "card_declined" | "autopay_held";
            /** @description the words recorded with it */
            reason: string;
            /** Format: int64 */
            at: number;
        };
        /** @description Invoices whose automatic payment failed or was held back; the newest 20 listed. */
        MoneyFailures: {
            /** Format: int64 */
            total: number;
            /** Format: int64 */
            unpaid: number;
            items: components["schemas"]["MoneyFailedPayment"][];
        };
        /** @description Paid relays in a month: in service on a paid plan at its start, gained, lost (deactivated, suspended or down to a free plan: the churn), moved between paid plans. */
        MoneyChurn: {
            /** @description YYYY-MM, UTC */
            month: string;
            /** Format: int64 */
            paid_at_start: number;
            /** Format: int64 */
            gained: number;
            /** Format: int64 */
            lost: number;
            /** Format: int64 */
            upgraded: number;
            /** Format: int64 */
            downgraded: number;
            /** @description lost / paid_at_start (null when none were paid at the start) */
            rate: number | null;
            /** @description false for months before moves were recorded (their moves are unknown) */
            recorded: boolean;
        };
        /** @description The operator's money view: the last 12 months (the current one included). */
        MoneyReport: {
            /** Format: int64 */
            as_of: number;
            /** @description the currency of every fiat figure (minor unit): the plans' currency, else the configured bitcoin price's */
            fiat_currency: string | null;
            people: components["schemas"]["MoneyPeople"];
            recurring: components["schemas"]["MoneyRecurring"];
            months: components["schemas"]["MoneyMonth"][];
            by_way: components["schemas"]["MoneyWayTotal"][];
            open: components["schemas"]["MoneyOpen"][];
            overdue: components["schemas"]["MoneyOverdue"][];
            failed_autopays: components["schemas"]["MoneyFailures"];
            churn: components["schemas"]["MoneyChurn"][];
        };
        /** @description A relay's "ask to join" setting and terms. */
        JoinSettings: {
            /** @description strangers ask on the join page (and NIP-43 joins land in the queue) instead of joining by invite only */
            ask_to_join: boolean;
            terms: string;
            /** @description join requests waiting */
            pending: number;
            /** @description where the terms are served as plain text */
            terms_url: string;
        };
        JoinSettingsInput: {
            ask_to_join?: boolean;
            terms?: string;
        };
        JoinRequestInput: {
            message?: string;
        };
        JoinRequestItem: {
            id: string;
            pubkey: string;
            npub: string;
            name: string | null;
            picture: string | null;
            message: string;
            /** @enum {string} */
            source: "page" | "nip43";
            /** @enum {string} */
            status: "pending" | "approved" | "to_pay" | "denied";
            created_at: number;
        };
        JoinRequestList: {
            items: components["schemas"]["JoinRequestItem"][];
            pending: number;
        };
        JoinDecision: {
            id: string;
            pubkey: string;
            /** @enum {string} */
            status: "approved" | "to_pay" | "denied";
        };
        MyJoinRequest: {
            /** @enum {string} */
            status: "none" | "pending" | "approved" | "to_pay" | "denied" | "member";
            request_id: string | null;
            created_at: number | null;
            decided_at: number | null;
            message: string | null;
        };
        /** @description A UTC day's figures on the relay, as Caravel saw them (0 where nothing was seen). */
        InsightDay: {
            /** @description YYYY-MM-DD, UTC: the day Caravel saw the events */
            date: string;
            /** Format: int64 */
            events: number;
            /**
             * Format: int64
             * @description events of kinds 1, 9, 11, 1111 and 30023
             */
            posts: number;
            /**
             * Format: int64
             * @description the events' JSON, estimated
             */
            bytes: number;
            /**
             * Format: int64
             * @description member added events (8000)
             */
            joins: number;
            /**
             * Format: int64
             * @description member removed events (8001)
             */
            leaves: number;
            /**
             * Format: int64
             * @description distinct authors that day
             */
            authors: number;
            /**
             * Format: int64
             * @description reports (1984) first seen that day
             */
            reports: number;
            /**
             * Format: int64
             * @description joins refused for the plan's member cap
             */
            refused_joins: number;
        };
        /** @description A UTC month's sums. */
        InsightMonth: {
            /** @description YYYY-MM, UTC */
            month: string;
            /** Format: int64 */
            events: number;
            /** Format: int64 */
            posts: number;
            /** Format: int64 */
            bytes: number;
            /** Format: int64 */
            joins: number;
            /** Format: int64 */
            leaves: number;
        };
        /** @description Events of one kind over the last 30 days. */
        InsightKind: {
            kind: number;
            /** Format: int64 */
            events: number;
        };
        /** @description Distinct authors over the last 7 and 30 days. */
        InsightActive: {
            /** Format: int64 */
            days7: number;
            /** Format: int64 */
            days30: number;
        };
        /** @description An author and their events over the last 30 days. */
        InsightPoster: {
            pubkey: string;
            /** Format: int64 */
            events: number;
        };
        /** @description Members as the relay's last member list said (null: none seen since insight began), against the plan's cap (null: unlimited). */
        InsightMembers: {
            /** Format: int64 */
            count: number | null;
            cap: number | null;
            /** Format: int64 */
            joins30: number;
            /** Format: int64 */
            leaves30: number;
        };
        /** @description Bytes of the events seen (estimated) and what is known of media: zooid reports no per-relay media figure, so media_bytes and media_files are what the relay's last finished backup counted (at media_counted_at, epoch seconds), null before any backup counted them; media_note says which. */
        InsightStorage: {
            /** Format: int64 */
            event_bytes: number;
            /** Format: int64 */
            event_bytes30: number;
            /** Format: int64 */
            media_bytes: number | null;
            /** Format: int64 */
            media_files: number | null;
            /** Format: int64 */
            media_counted_at: number | null;
            media_allowed: boolean;
            media_note: string;
        };
        /** @description A relay's insight: 30 days, 12 months, kinds, active members, top posters, members against the cap, storage. See docs/insight.md. */
        InsightReport: {
            /** Format: int64 */
            as_of: number;
            plan: string;
            /** @description the first UTC day Caravel counted anything for the relay; figures before it are unknown */
            watched_since: string | null;
            days: components["schemas"]["InsightDay"][];
            months: components["schemas"]["InsightMonth"][];
            kinds: components["schemas"]["InsightKind"][];
            active: components["schemas"]["InsightActive"];
            top_posters: components["schemas"]["InsightPoster"][];
            members: components["schemas"]["InsightMembers"];
            storage: components["schemas"]["InsightStorage"];
        };
        /** @description The platform's figures on a UTC day. */
        InsightPlatformDay: {
            date: string;
            /** Format: int64 */
            events: number;
            /** Format: int64 */
            posts: number;
            /** Format: int64 */
            bytes: number;
            /** Format: int64 */
            joins: number;
            /** Format: int64 */
            leaves: number;
        };
        /** @description A relay in a ranking and the figure it is ranked by. */
        InsightRelayFigure: {
            relay_id: string;
            name: string;
            tenant: string;
            plan: string;
            /** Format: int64 */
            value: number;
            /** Format: int64 */
            members: number;
            /** Format: int64 */
            event_bytes: number;
        };
        /** @description An active relay at 80 % of its plan's member cap or more. */
        InsightNearLimit: {
            relay_id: string;
            name: string;
            tenant: string;
            plan: string;
            /** Format: int64 */
            members: number;
            cap: number;
            /** @description members / cap */
            used: number;
        };
        /** @description The platform admin's insight across relays: the last 30 days, the largest (members), busiest (events over 7 days) and fastest growing (members gained over 30 days) relays, relays near their cap. */
        InsightOverview: {
            /** Format: int64 */
            as_of: number;
            days: components["schemas"]["InsightPlatformDay"][];
            largest: components["schemas"]["InsightRelayFigure"][];
            busiest: components["schemas"]["InsightRelayFigure"][];
            growing: components["schemas"]["InsightRelayFigure"][];
            near_limits: components["schemas"]["InsightNearLimit"][];
        };
        RelayDeletion: {
            deleted_at: number;
            /** @description the end of the undo window (RELAY_UNDO_SECONDS after the deletion, 7 days by default) */
            undo_until: number;
            /** @description when it was removed from the relay host for good; null until then */
            purged_at: number | null;
        };
        RelayDeleteRequest: {
            /** @description the relay's subdomain, typed by its owner to confirm */
            confirm: string;
        };
        /** @description One backup of a relay. status: queued, running, done, failed (error says why; a failing backup is retried, then the owner is told by DM). reason: scheduled, manual, final (taken before a relay is deleted), upload (an archive the owner uploaded to restore from). */
        RelayBackup: {
            id: string;
            /** @enum {string} */
            reason: "scheduled" | "manual" | "final" | "upload";
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @enum {string} */
            storage: "local" | "s3";
            events: number;
            blobs: number;
            media_bytes: number;
            members: number;
            bans: number;
            names: number;
            /** @description the backup's size: every file and the manifest */
            bytes: number;
            /** @description how the media was found, or why none is kept */
            media_note?: string | null;
            error?: string | null;
            attempts: number;
            created_at: number;
            finished_at?: number | null;
        };
        /** @description A restore's progress. step: the part being applied (settings.json, members.json, names.json, bans.json, events.jsonl, media, done); cursor: how far into it (media: blobs done). A failed restore's error says which steps are in place. */
        RelayRestore: {
            id: string;
            relay_id: string;
            backup_id: string;
            /** @enum {string} */
            mode: "merge" | "replace";
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            step: string;
            cursor: number;
            events_total: number;
            /** @description events the relay holds now (published now or already there) */
            events_done: number;
            events_refused: number;
            blobs_total: number;
            blobs_done: number;
            members_done: number;
            bans_done: number;
            names_done: number;
            problems: string[];
            error?: string | null;
            created_at: number;
            updated_at: number;
        };
        RelayBackups: {
            /** @enum {string} */
            schedule: "daily" | "weekly" | "off";
            /** @description how many backups the relay's plan keeps */
            kept: number;
            /** @enum {string} */
            storage: "local" | "s3";
            items: components["schemas"]["RelayBackup"][];
            restores: components["schemas"]["RelayRestore"][];
        };
        /** @description What restoring the backup into this relay would do. refusals: why it would be refused (the plan's member allowance or media); empty when it would not. */
        RestorePreview: {
            backup_id: string;
            /** @enum {string} */
            mode: "merge" | "replace";
            events_total: number;
            events_present: number;
            events_to_add: number;
            /** @description Events of people erased from the backup's relay (what they wrote up to their request, the gift wraps addressed to them), which the restore leaves out. */
            events_erased: number;
            /** @description Items of the parts' files (memberships, names, team seats) of people erased from the backup's relay, which the restore leaves out. */
            items_erased: number;
            blobs_total: number;
            blobs_present: number;
            blobs_to_add: number;
            media_bytes: number;
            parts: {
                [key: string]: {
                    add: number;
                    replace: number;
                    remove: number;
                };
            };
            refusals: string[];
        };
        QueueReport: {
            reporter: string;
            npub: string;
            name: string | null;
            member: boolean;
            type: string;
            reason: string;
        };
        QueueEvent: {
            id: string;
            kind: number;
            content: string;
            created_at: number;
            tags: string[][];
        };
        /** @description One reported or automatically removed event (or a reported person, id p:<pubkey>) of the relay's moderation queue */
        QueueItem: {
            id: string;
            event_id: string | null;
            author: string | null;
            author_npub: string | null;
            author_name: string | null;
            event: components["schemas"]["QueueEvent"] | null;
            /** @enum {unknown} */
            status: "reported" | "person_reported" | "removed" | "held" | "hidden";
            /** @enum {unknown} */
            cause: "blocked_words" | "first_post_held" | "hidden_after_reports" | null;
            cause_detail: string | null;
            reports: number;
            member_reporters: number;
            reporters: number;
            reasons: string[];
            report_list: components["schemas"]["QueueReport"][];
            /** @enum {unknown} */
            state: "waiting" | "deciding" | "decided";
            /** @enum {unknown} */
            decision: "deleted" | "banned" | "dismissed" | "restored" | null;
            decided_by: string | null;
            decided_by_npub: string | null;
            decided_at: number | null;
            note: string | null;
            created_at: number;
            updated_at: number;
        };
        QueueOutcome: {
            item: string;
            /** @enum {unknown} */
            outcome: "done" | "already_decided" | "not_found" | "invalid" | "failed";
            /** @enum {unknown} */
            decision: "deleted" | "banned" | "dismissed" | "restored" | null;
            decided_by: string | null;
            message: string;
        };
        QueueSettings: {
            /** @description hide an event once this many distinct members reported it (null: off) */
            hide_after: number | null;
            digest: boolean;
        };
        TeamMember: {
            pubkey: string;
            /** @enum {string} */
            role: "admin" | "moderator";
            added_by: string;
            added_at: number;
        };
        Team: {
            owner: string;
            items: components["schemas"]["TeamMember"][];
        };
        TransferOffer: {
            id: string;
            relay_id: string;
            from_pubkey: string;
            to_pubkey: string;
            created_at: number;
            relay_name?: string;
            subdomain?: string;
        };
        /** @description A relay's automatic moderation rules (docs/automatic-moderation.md). Every rule is off until turned on. */
        AutomodRules: {
            /** @description Remove posts that contain a blocked word or match a blocked pattern. */
            blocked_enabled: boolean;
            /** @description Blocked words or phrases, matched as whole words whatever their letter case. */
            words: string[];
            /** @description Blocked patterns in RE2 syntax (linear-time matching), case-insensitive. Words and patterns together: at most 100. */
            patterns: string[];
            /** @description Hold new members' first posts for review. */
            first_posts_enabled: boolean;
            /** @description How many of a new member's posts are held. */
            first_posts_count: number;
            /** @description How long after joining a member counts as new. */
            first_posts_days: number;
        };
        AutomodRulesView: components["schemas"]["AutomodRules"] & {
            /** @description Each rule in plain words. */
            summary: string[];
            limits: {
                max_terms: number;
                max_word: number;
                max_pattern: number;
                max_first_posts: number;
                max_days: number;
            };
        };
        ErasureStarted: {
            relay_id: string;
            /** @description the erased person's key (hex) */
            pubkey: string;
            npub: string;
            /** @description what they wrote up to this time (the request's created_at) is removed */
            until: number;
            /**
             * @description events: their events are being removed from the relay; parts: their membership, name, paid standing and figures are ending; done
             * @enum {string}
             */
            step: "events" | "parts" | "done";
            /** @description true when this very request (or an erasure of them still running) was made before: nothing new was started */
            already_requested: boolean;
        };
        Erasure: {
            pubkey: string;
            npub: string;
            until: number;
            /**
             * @description vanish: their own NIP-62 request; owner: the owner's (or an admin's) erasure
             * @enum {string}
             */
            source: "vanish" | "owner";
            /** @enum {string} */
            step: "events" | "parts" | "done";
            events_removed: number;
            requested_at: number;
            done_at: number | null;
        };
        VanishEvent: {
            id: string;
            pubkey: string;
            created_at: number;
            kind: number;
            /** @description ["relay", "wss://<relay>"] or ["relay", "ALL_RELAYS"] */
            tags: string[][];
            content: string;
            sig: string;
        };
        ApiToken: {
            /** @description tok_…: what the activity log's via_token names */
            id: string;
            name: string;
            /** @description The token's first characters, to recognize it; the token itself is shown once, at creation */
            prefix: string;
            scopes: ("billing" | "manage" | "moderate" | "read")[];
            /** @description The one relay it works on, null for every relay its creator has a role on */
            relay_id: string | null;
            created_at: number;
            expires_at: number;
            /** @description Written at most once a minute */
            last_used_at: number | null;
            revoked_at: number | null;
            /** @description The token itself (caravel_…): in the answer to POST /tokens only, never again */
            token?: string;
        };
        StatusComponent: {
            /** @description platform, or node:<name> for a zooid node */
            name: string;
            /** @enum {string} */
            state: "up" | "degraded" | "down";
            /** @description why it is not up, in words that name no host or key */
            detail: string | null;
        };
        StatusDay: {
            /** @description the day (UTC), YYYY-MM-DD */
            date: string;
            /**
             * @description the worst state a check saw that day; null when no check ran
             * @enum {string|null}
             */
            state: "up" | "degraded" | "down" | null;
        };
        StatusIncident: {
            id: string;
            title: string;
            /** @description as the operator typed it: shown as text, never as markup */
            body: string;
            /** @enum {string} */
            state: "investigating" | "identified" | "monitoring" | "resolved";
            created_at: number;
            updated_at: number;
            resolved_at: number | null;
        };
        StatusPage: {
            /**
             * @description the platform's state now
             * @enum {string}
             */
            state: "up" | "degraded" | "down";
            checked_at: number;
            components: components["schemas"]["StatusComponent"][];
            /** @description per component, 90 days, oldest first, today last */
            history: {
                [key: string]: components["schemas"]["StatusDay"][];
            };
            incidents: components["schemas"]["StatusIncident"][];
        };
        WebhookInput: {
            /** @description https:// (http:// only where OUTBOUND_ALLOW_LOCAL is set); its host must resolve to public addresses; it must answer a signed ping with a success, never a redirect */
            url: string;
            events: ("member.joined" | "member.left" | "join.requested" | "report.received" | "automod.removed" | "payment.received" | "invoice.overdue" | "relay.state_changed" | "backup.done" | "backup.failed" | "relay.transferred" | "relay.plan_changed")[];
        };
        Webhook: {
            id: string;
            /** @description null for a platform endpoint */
            relay_id: string | null;
            url: string;
            events: ("member.joined" | "member.left" | "join.requested" | "report.received" | "automod.removed" | "payment.received" | "invoice.overdue" | "relay.state_changed" | "backup.done" | "backup.failed" | "relay.transferred" | "relay.plan_changed")[];
            paused: boolean;
            paused_at: number | null;
            /** @description failed attempts in a row */
            failures: number;
            created_by: string;
            created_at: number;
        };
        WebhookWithSecret: {
            webhook: components["schemas"]["Webhook"];
            /** @description shown this once: the HMAC key of the signatures (docs/webhooks.md) */
            secret: string;
        };
        WebhookAttempt: {
            at_ms: number;
            /** @description null when no answer came */
            status_code: number | null;
            latency_ms: number;
            /** @description the first 512 characters of the answer, or the error */
            excerpt: string;
            ok: boolean;
            replay: boolean;
        };
        WebhookDelivery: {
            id: string;
            type: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "skipped";
            attempts: number;
            created_ms: number;
            delivered_ms: number | null;
            /** @description the body as signed and sent */
            body: string;
            log: components["schemas"]["WebhookAttempt"][];
        };
    };
    responses: {
        /** @description invalid input */
        E400: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not authenticated */
        E401: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not allowed */
        E403: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not found */
        E404: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description method not allowed */
        E405: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description conflict */
        E409: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description body larger than 64 KiB */
        E413: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description body is not JSON */
        E415: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description rate limited; see Retry-After */
        E429: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description the relay refused */
        E502: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description a dependency did not answer */
        E503: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description the card was refused */
        E402: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Status"];
                };
            };
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            /** @description not ready: the failing checks are named */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    tlsAsk: {
        parameters: {
            query: {
                /** @description the TLS server name, e.g. `team.relays.example.com` */
                domain: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a relay host Caravel serves */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": "ok";
                };
            };
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    config: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Config"];
                };
            };
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    plans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plans"];
                };
            };
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    plan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    identity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Identity"];
                };
            };
            401: components["responses"]["E401"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    listTenants: {
        parameters: {
            query?: {
                q?: string;
                status?: "active" | "suspended";
                /** @description Page number (from 1): random access by OFFSET, whose cost grows with the depth; `after`/`before` reach any depth at the cost of the first page. */
                page?: number;
                per_page?: number;
                /** @description A page's `next_cursor`: the page right after that page's last item, found by the cursor instead of counted by offset. Not with `page` or `before` (400). */
                after?: string;
                /** @description A page's `prev_cursor`: the page right before that page's first item. Not with `page` or `after` (400). */
                before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    ensureTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    updateTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TenantChanges"];
            };
        };
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    tenantRelays: {
        parameters: {
            query?: {
                q?: string;
                status?: "pending" | "active" | "provisioning_failed" | "awaiting_payment" | "suspended" | "inactive";
                plan?: string;
                /** @description Page number (from 1): random access by OFFSET, whose cost grows with the depth; `after`/`before` reach any depth at the cost of the first page. */
                page?: number;
                per_page?: number;
                /** @description A page's `next_cursor`: the page right after that page's last item, found by the cursor instead of counted by offset. Not with `page` or `before` (400). */
                after?: string;
                /** @description A page's `prev_cursor`: the page right before that page's first item. Not with `page` or `after` (400). */
                before?: string;
            };
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    tenantInvoices: {
        parameters: {
            query?: {
                status?: "pending" | "paid" | "expired" | "void";
                page?: number;
                per_page?: number;
            };
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoicePage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    stripeSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    listRelays: {
        parameters: {
            query?: {
                q?: string;
                status?: "pending" | "active" | "provisioning_failed" | "awaiting_payment" | "suspended" | "inactive";
                plan?: string;
                /** @description blank is the same as absent */
                tenant?: string;
                /** @description Page number (from 1): random access by OFFSET, whose cost grows with the depth; `after`/`before` reach any depth at the cost of the first page. */
                page?: number;
                per_page?: number;
                /** @description A page's `next_cursor`: the page right after that page's last item, found by the cursor instead of counted by offset. Not with `page` or `before` (400). */
                after?: string;
                /** @description A page's `prev_cursor`: the page right before that page's first item. Not with `page` or `after` (400). */
                before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    createRelay: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewRelay"];
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Created"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    getRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    updateRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RelayChanges"];
            };
        };
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    deactivateRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    reactivateRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    provisionRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    relayMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberListing"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postRelayMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description hex or npub */
                    pubkey: string;
                };
            };
        };
        responses: {
            /** @description added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommunityMember"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            /** @description the plan's allowance is used up, or already a member; any other conflict (e.g. the relay is not provisioned yet) is a plain error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CapReached"] | components["schemas"]["Error"];
                };
            };
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    relayHealth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    relayActivity: {
        parameters: {
            query?: {
                page?: number;
                per_page?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityPage"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    liveState: {
        parameters: {
            query?: {
                /** @description blank is the same as absent */
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    checkSubdomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubdomainCheck"];
                };
            };
            401: components["responses"]["E401"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    invoiceBolt11: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Bolt11"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    checkInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    quoteRelayPlan: {
        parameters: {
            query: {
                plan: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    quoteNewRelay: {
        parameters: {
            query: {
                plan: string;
                /** @description admins: quote for another account; blank is the same as absent */
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    unsuspendRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    tenantBilling: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountBilling"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    invoiceReceipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Receipt"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    payInvoiceFromWallet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    stripeWebhook: {
        parameters: {
            query?: never;
            header: {
                "Stripe-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        received: boolean;
                        /** @enum {string} */
                        outcome: "applied" | "duplicate" | "ignored";
                    };
                };
            };
            400: components["responses"]["E400"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    stripeCheckout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "checkout" | "charged" | "updated" | "in_sync";
                        url: string | null;
                        /** @description relays this switch to card does not start now: they still wait for their first Lightning invoice (the switch waits for the next renewal, and the card's Checkout lists only what it carries) */
                        waiting_on_lightning: {
                            relay: string;
                            name: string;
                            /** @description the Lightning invoice that starts the relay; cancelled if still unpaid when card payments start, the card paying for the relay from then */
                            invoice: string;
                        }[];
                        /** @description the sentence that tells the tenant about waiting_on_lightning (null when it is empty) */
                        notice: string | null;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            402: components["responses"]["E402"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    cardAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description card payments are configured */
                        stripe: boolean;
                        /** @enum {string} */
                        rail: "lightning" | "card";
                        /**
                         * @description a switch waiting for the next renewal boundary
                         * @enum {string|null}
                         */
                        next_rail: "lightning" | "card" | null;
                        customer: boolean;
                        subscription: boolean;
                        /** @description the last card refusal, until a card payment succeeds */
                        card_error: string | null;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    chooseRail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    rail: "lightning" | "card";
                };
            };
        };
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description card payments are configured */
                        stripe: boolean;
                        /** @enum {string} */
                        rail: "lightning" | "card";
                        /**
                         * @description a switch waiting for the next renewal boundary
                         * @enum {string|null}
                         */
                        next_rail: "lightning" | "card" | null;
                        customer: boolean;
                        subscription: boolean;
                        /** @description the last card refusal, until a card payment succeeds */
                        card_error: string | null;
                        /** @enum {string} */
                        result?: "switched" | "scheduled" | "unchanged";
                        /** @description set up the card first (a switch from Lightning) */
                        checkout_url?: string | null;
                        /** @description relays this switch to card does not start now: they still wait for their first Lightning invoice (the switch waits for the next renewal, and the card's Checkout lists only what it carries) */
                        waiting_on_lightning: {
                            relay: string;
                            name: string;
                            /** @description the Lightning invoice that starts the relay; cancelled if still unpaid when card payments start, the card paying for the relay from then */
                            invoice: string;
                        }[];
                        /** @description the sentence that tells the tenant about waiting_on_lightning (null when it is empty) */
                        notice: string | null;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    deleteRelayMembersPubkey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayCapabilities: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Capabilities"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invite"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayInvites: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Claim"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postRelayInvites: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    code?: string;
                };
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Claim"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    deleteRelayInvitesCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayBans: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Ban"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postRelayBans: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pubkey: string;
                    reason?: string;
                    /** @description When the ban lifts itself (epoch seconds): at least a minute and at most 366 days ahead. Left out or null: a ban without end. The person is not made a member again when it lifts. */
                    until?: number | null;
                };
            };
        };
        responses: {
            /** @description banned */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    deleteRelayBansPubkey: {
        parameters: {
            query?: {
                restore_membership?: boolean;
            };
            header?: never;
            path: {
                id: string;
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        unbanned: boolean;
                        membership_restored: boolean;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayReports: {
        parameters: {
            query?: {
                status?: "open" | "all";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Report"][];
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postRelayReportsReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                report: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {unknown} */
                    action: "dismiss" | "delete_event" | "ban_author";
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        report: string;
                        /** @constant */
                        status: "closed";
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getReportsOpen: {
        parameters: {
            query?: {
                tenant?: string;
                all?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        counts: {
                            [key: string]: number;
                        };
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayEvents: {
        parameters: {
            query?: {
                kinds?: string;
                author?: string;
                until?: number;
                limit?: number;
                /** @description true also lists the relay's own bookkeeping events (marked system, read-only); by default they are left out. Leaving them out can return a page shorter than limit with a next_until: keep paging. */
                system?: boolean;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["NostrEvent"][];
                        next_until: number | null;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    deleteRelayEventsEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                event: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postRelayEventsEventAllow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                event: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed: boolean;
                        note: string;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayDeletedEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["DeletedEvent"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description one event per line, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getAdminPlatform: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformStatus"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminNodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ZooidNodeUse"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminMoney: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MoneyReport"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminMoneyCsv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminPlatformBans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PlatformBan"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postAdminPlatformBans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pubkey: string;
                    reason?: string | null;
                };
            };
        };
        responses: {
            /** @description started */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformBan"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminPlatformBansBan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ban: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformBan"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminPlatformBansBanRelays: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ban: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PlatformBanRelay"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postAdminPlatformBansBanUndo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ban: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformBan"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    importRelayEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description what the import did */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResult"];
                };
            };
            /** @description the upload was interrupted (with what was imported before) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportStopped"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            /** @description the body is larger than IMPORT_MAX_BYTES; when it was streamed without a length, `result` says what was imported before the bound */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportStopped"];
                };
            };
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            /** @description the relay refused to list its events */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportStopped"];
                };
            };
            /** @description the relay stopped answering (with what was imported before) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportStopped"];
                };
            };
        };
    };
    getAdminRelayMove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayMove"];
                };
            };
            /** @description the relay never moved */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            429: components["responses"]["E429"];
        };
    };
    postAdminRelayMove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the zooid node to move to, by name */
                    node: string;
                };
            };
        };
        responses: {
            /** @description queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayMove"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    putRelayDomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomDomainInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomDomain"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    deleteRelayDomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    checkRelayDomain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomDomain"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    relayNames: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayNames"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    putRelayName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RelayNameInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayName"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    deleteRelayName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    myMemberships: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Memberships"];
                };
            };
            401: components["responses"]["E401"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    putMyName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MyNameInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    deleteMyName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    nip05: {
        parameters: {
            query?: {
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Nip05"];
                };
            };
            400: components["responses"]["E400"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    nip05Preflight: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description allowed: Access-Control-Allow-Origin *, Access-Control-Allow-Methods GET, OPTIONS */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayAdmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdmissionSettings"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    putRelayAdmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdmissionInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdmissionSettings"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayPaidMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaidMembers"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayPaidMembersCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getJoinInfo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinInfo"];
                };
            };
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getJoinStatus: {
        parameters: {
            query?: {
                /** @description What the page shows of the standing: its `status`, or `status:invoice id` while an invoice is open. When given, the answer waits (up to 20 s) until the standing differs from it, so a payment or being added is heard the moment it is recorded; after 20 s the standing is answered as it is. */
                after?: string;
            };
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinStatus"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postJoin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a trial started, or the open invoice again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinStatus"];
                };
            };
            /** @description an invoice was made */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinStatus"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postJoinCheck: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinStatus"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayTrials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenTrials"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    endRelayTrials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndTrials"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrialsEnded"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getJoinSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinSettings"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    putJoinSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinSettingsInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinSettings"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    listJoinRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinRequestList"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    approveJoinRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                request: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinDecision"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    denyJoinRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                request: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinDecision"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getMyJoinRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyJoinRequest"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    requestToJoin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinRequestInput"];
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyJoinRequest"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getJoinTerms: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subdomain: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayInsight: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InsightReport"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayInsightCsv: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminInsight: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InsightOverview"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    deleteRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RelayDeleteRequest"];
            };
        };
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    undeleteRelay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    listRelayBackups: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the backups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayBackups"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            429: components["responses"]["E429"];
        };
    };
    takeRelayBackup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the backup, queued (or the one already queued or running for the relay: a second take is not queued) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayBackup"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            429: components["responses"]["E429"];
        };
    };
    setRelayBackupSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    every: "daily" | "weekly" | "off";
                };
            };
        };
        responses: {
            /** @description the schedule */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        schedule: string;
                        kept: number;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    downloadRelayBackup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                backup: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the archive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    uploadRelayBackup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/zip": string;
            };
        };
        responses: {
            /** @description the archive, kept as a backup of this relay */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayBackup"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    previewRelayRestore: {
        parameters: {
            query?: {
                mode?: "merge" | "replace";
            };
            header?: never;
            path: {
                id: string;
                backup: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the preview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RestorePreview"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    restoreRelayBackup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    backup: string;
                    /** @enum {string} */
                    mode?: "merge" | "replace";
                };
            };
        };
        responses: {
            /** @description the restore, queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayRestore"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            503: components["responses"]["E503"];
        };
    };
    getRelayRestore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                restore: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the restore */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelayRestore"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            429: components["responses"]["E429"];
        };
    };
    restoreRelayBackupIntoNew: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                backup: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    subdomain: string;
                    plan: string;
                };
            };
        };
        responses: {
            /** @description the restore and the new relay */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        restore: components["schemas"]["RelayRestore"];
                        relay_id: string;
                        invoice_id?: string | null;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            402: components["responses"]["E402"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayQueue: {
        parameters: {
            query?: {
                state?: "waiting" | "decided";
                cause?: "reports" | "blocked_words" | "first_post_held" | "hidden_after_reports";
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["QueueItem"][];
                        waiting: number;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayQueueCount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        waiting: number;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayQueueSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueSettings"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    putRelayQueueSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    hide_after?: number | null;
                    digest?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueSettings"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postRelayQueueDecisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    items: string[];
                    /** @enum {unknown} */
                    action: "delete" | "ban" | "dismiss" | "restore";
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        outcomes: components["schemas"]["QueueOutcome"][];
                        waiting: number;
                    };
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postRelayQueueItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                item: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {unknown} */
                    action: "delete" | "ban" | "dismiss" | "restore";
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueOutcome"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    getRelayTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postRelayTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pubkey: string;
                    /** @enum {string} */
                    role: "admin" | "moderator";
                };
            };
        };
        responses: {
            /** @description added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamMember"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    putRelayTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "admin" | "moderator";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamMember"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    deleteRelayTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        offer: components["schemas"]["TransferOffer"] | null;
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postRelayTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pubkey: string;
                };
            };
        };
        responses: {
            /** @description offered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferOffer"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    deleteRelayTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description withdrawn */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getMyTeamRelays: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Relay"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getMyTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["TransferOffer"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postTransferAccept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Relay"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
            502: components["responses"]["E502"];
            503: components["responses"]["E503"];
        };
    };
    postTransferDecline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description declined */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayAutomod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomodRulesView"];
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    putRelayAutomod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutomodRules"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomodRulesView"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postRelayMembersPubkeyErase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                pubkey: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the member's npub (or hex key), typed to confirm */
                    confirm: string;
                };
            };
        };
        responses: {
            /** @description the erasure is under way (or was already) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureStarted"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayErasures: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Erasure"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            429: components["responses"]["E429"];
        };
    };
    postVanish: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VanishEvent"];
            };
        };
        responses: {
            /** @description the erasures started (or already requested), one per relay */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        erasures: components["schemas"]["ErasureStarted"][];
                    };
                };
            };
            400: components["responses"]["E400"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    listApiTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ok */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ApiToken"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    createApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    scopes: ("billing" | "manage" | "moderate" | "read")[];
                    /** @description Limit the token to this relay */
                    relay_id?: string | null;
                    /** @description 90 when absent */
                    expires_in_days?: number | null;
                };
            };
        };
        responses: {
            /** @description created: the token is in `token`, this once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    exportRelayActivity: {
        parameters: {
            query?: {
                /** @description First day (UTC), YYYY-MM-DD; 29 days before `to` when absent */
                from?: string;
                /** @description Last day (UTC), YYYY-MM-DD, included; today when absent */
                to?: string;
                format?: "csv" | "jsonl";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    exportAdminActivity: {
        parameters: {
            query?: {
                /** @description First day (UTC), YYYY-MM-DD; 29 days before `to` when absent */
                from?: string;
                /** @description Last day (UTC), YYYY-MM-DD, included; today when absent */
                to?: string;
                format?: "csv" | "jsonl";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusPage"];
                };
            };
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postStatusIncident: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    body?: string;
                    /** @enum {string} */
                    state?: "investigating" | "identified" | "monitoring" | "resolved";
                };
            };
        };
        responses: {
            /** @description Posted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusIncident"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    putStatusIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    body?: string;
                    /** @enum {string} */
                    state: "investigating" | "identified" | "monitoring" | "resolved";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusIncident"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Webhook"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postRelayWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookInput"];
            };
        };
        responses: {
            /** @description registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    deleteRelayWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postRelayWebhookRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postRelayWebhookResume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getRelayWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookDelivery"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postRelayWebhookReplay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                webhook: string;
                delivery: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        queued: boolean;
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Webhook"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postAdminWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookInput"];
            };
        };
        responses: {
            /** @description registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            400: components["responses"]["E400"];
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    deleteAdminWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postAdminWebhookRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postAdminWebhookResume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    getAdminWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookDelivery"][];
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    postAdminWebhookReplay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
                delivery: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        queued: boolean;
                    };
                };
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            409: components["responses"]["E409"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
    revokeApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["E401"];
            403: components["responses"]["E403"];
            404: components["responses"]["E404"];
            405: components["responses"]["E405"];
            413: components["responses"]["E413"];
            415: components["responses"]["E415"];
            429: components["responses"]["E429"];
        };
    };
}
