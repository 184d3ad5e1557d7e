package caravel.config;

import caravel.nostr.Keys;
import caravel.nostr.Nip19;
import caravel.nostr.RelayUrls;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting, read once from the environment. Required values stop start-up with a message naming them;
 * optional groups (Stripe, LiveKit, S3, NWC) are off when all of their variables are unset and an error when
 * only some are set.
 */
public record Config(
        DatabaseUrl database,
        String host,
        int port,
        List<String> publicUrls,
        Set<String> admins,
        List<String> allowOrigins,
        ZooidNodes zooidNodes,
        Optional<LiveKit> livekit,
        Optional<BlossomS3> blossomS3,
        Optional<String> nwcUrl,
        byte[] encryptionSecret,
        Optional<Stripe> stripe,
        Robot robot,
        List<String> nip46Relays,
        Optional<Path> webDir,
        Pricing pricing,
        caravel.domain.Plans plans,
        Limits limits,
        Optional<Flotilla> flotilla,
        Optional<BackupSchedule> backups,
        Observability observability,
        Optional<java.net.URI> caddyAdmin,
        java.time.Duration moveDrain,
        List<String> moveCopyCommand,
        CustomDomains customDomains,
        PaidAdmission paidAdmission,
        Retirement retirement,
        RelayBackups relayBackups,
        java.time.Duration watchCheck) {

    /**
     * Deleting relays and changing their address (docs/deleting.md).
     *
     * @param undoWindow     RELAY_UNDO_SECONDS: how long a deleted relay can be brought back before it is removed (7 days)
     * @param redirectFor    RELAY_REDIRECT_SECONDS: how long a relay's old address answers NIP-11 with redirect_to after
     *                       its address changes (30 days)
     * @param purgeCommand   PURGE_RELAY_COMMAND: the operator's program that removes a purged relay's stored events and
     *                       media from its zooid node (zooid's own delete keeps both), run with the relay's schema and
     *                       its node's name as last arguments; empty when unset (they then stay on the node)
     */
    public record Retirement(java.time.Duration undoWindow, java.time.Duration redirectFor, List<String> purgeCommand) {
        public static final java.time.Duration UNDO_WINDOW = java.time.Duration.ofDays(7);
        public static final java.time.Duration REDIRECT_FOR = java.time.Duration.ofDays(30);
    }

    /**
     * Relays' own backups (docs/relay-backups.md): kept in {@code dir} (RELAY_BACKUP_DIR, by default the folder
     * {@code relay-backups} beside the SQLite file, or in the working folder with PostgreSQL), or in an S3-compatible
     * bucket when RELAY_BACKUP_S3_BUCKET is set.
     *
     * @param restoreEventsCommand RESTORE_EVENTS_COMMAND: the operator's program that writes a backup's events into
     *     a zooid node's database (zooid takes members' events over a connection only from their authors), run with
     *     the relay's schema, its node's name and the events file as last arguments; empty when unset
     * @param uploadMaxBytes RELAY_BACKUP_UPLOAD_MAX_BYTES: the largest archive an owner may upload to restore from
     * @param scheduled RELAY_BACKUP_SCHEDULE: whether backups are taken on the owners' schedules (on by default);
     *     off, only those taken now, before a deletion and uploaded exist
     */
    public record RelayBackups(
            Path dir,
            Optional<BackupS3> s3,
            List<String> restoreEventsCommand,
            long uploadMaxBytes,
            boolean scheduled) {
        public static final long DEFAULT_UPLOAD_MAX_BYTES = 4L << 30;
    }

    /** An S3-compatible bucket for relays' backups, addressed path-style; the secret is never printed. */
    public record BackupS3(
            Optional<String> endpoint,
            String region,
            String bucket,
            String accessKey,
            String secretKey,
            String prefix) {
        @Override
        public String toString() {
            return "BackupS3[" + bucket + "]";
        }
    }

    /**
     * Paid admission's clock (docs/paid-admission.md). Production keeps the defaults; a staging platform or an
     * end-to-end test shortens them to watch renewals and lapses happen.
     *
     * @param period     ADMISSION_PERIOD_SECONDS: what a monthly payment buys (30 days)
     * @param grace      ADMISSION_GRACE_SECONDS: how long a monthly member stays after the period ends unpaid (3 days)
     * @param notice     ADMISSION_NOTICE_SECONDS: how long before the period ends the renewal invoice is DMed (3 days)
     * @param checkEvery ADMISSION_CHECK_SECONDS: how often the background run looks for renewals, grace and lapses (60)
     * @param network    LIGHTNING_NETWORK: the network whose invoices an owner's wallet must make (mainnet)
     * @param openJoinInvoices ADMISSION_OPEN_JOIN_INVOICES: unpaid join invoices one relay may have open at once (50);
     *                   each is a request to its owner's wallet that a stranger can cause
     */
    public record PaidAdmission(
            java.time.Duration period,
            java.time.Duration grace,
            java.time.Duration notice,
            java.time.Duration checkEvery,
            caravel.domain.LightningNetwork network,
            int openJoinInvoices) {
        public static PaidAdmission defaults() {
            return new PaidAdmission(
                    java.time.Duration.ofDays(30),
                    java.time.Duration.ofDays(3),
                    java.time.Duration.ofDays(3),
                    java.time.Duration.ofSeconds(60),
                    caravel.domain.LightningNetwork.MAINNET,
                    50);
        }
    }

    /**
     * Custom domains' DNS checks.
     *
     * @param dnsResolvers DNS_RESOLVERS: the servers asked for a domain's records, host[:port] each (empty: the
     *                     system's)
     * @param checkEvery   DOMAIN_CHECK_SECONDS: how often the background run looks for domains due a check (each row has
     *                     its own schedule; this is how late a due check may start)
     */
    public record CustomDomains(List<String> dnsResolvers, java.time.Duration checkEvery) {}

    /**
     * Scheduled backups (BACKUP_DIR): the running service writes an online backup into {@code dir} every
     * {@code every} (BACKUP_EVERY, 24h by default) and keeps the newest {@code keep} (BACKUP_KEEP, 7 by default).
     */
    public record BackupSchedule(Path dir, java.time.Duration every, int keep) {
        public static final java.time.Duration DEFAULT_EVERY = java.time.Duration.ofHours(24);
        public static final int DEFAULT_KEEP = 7;
    }

    /**
     * The database file from DATABASE_URL alone: what {@code caravel.jar backup} and {@code restore} read, so they work
     * on a box whose other settings are missing or broken.
     */
    public static Path databasePath(Map<String, String> env) {
        return new Reader(env)
                .database()
                .file()
                .orElseThrow(() -> new ConfigException("DATABASE_URL names a PostgreSQL server: back it up and restore"
                        + " it with PostgreSQL's own tools (pg_dump, pg_restore); caravel.jar backup and restore are"
                        + " for the SQLite file"));
    }

    /** The SQLite file (backups, restores); an error on PostgreSQL, which Caravel does not back up itself. */
    public Path databasePath() {
        return database.file().orElseThrow(() -> new IllegalStateException("the database is PostgreSQL, not a file"));
    }

    /**
     * The Flotilla hosting API (FLOTILLA_PORT): a second listener that speaks the API Flotilla's hosting screens call.
     *
     * @param publicUrl    FLOTILLA_PUBLIC_URL, the base URL Flotilla is built with, without a trailing slash: its
     *                     sign-in events carry exactly this in their u tag
     * @param allowOrigins FLOTILLA_ALLOW_ORIGINS: browser origins allowed by CORS and as return_url targets (empty:
     *                     CORS from any origin, no return_url kept)
     */
    public record Flotilla(int port, String publicUrl, List<String> allowOrigins) {}

    /**
     * The origins a payment page (card checkout, card portal) may send the browser back to when a hosting app asks:
     * FLOTILLA_ALLOW_ORIGINS, ALLOW_ORIGINS and our own PUBLIC_URLs. Unlike CORS, an empty ALLOW_ORIGINS adds nothing
     * here: a URL elsewhere is never honoured (the platform's own account page is used instead).
     */
    public List<String> returnUrlOrigins() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        flotilla.ifPresent(f -> out.addAll(f.allowOrigins()));
        out.addAll(allowOrigins);
        out.addAll(publicUrls);
        return List.copyOf(out);
    }

    public record LiveKit(String url, String apiKey, String apiSecret) {
        @Override
        public String toString() {
            return "LiveKit[" + url + "]";
        }
    }

    /** keyPrefix is one platform-wide prefix: zooid already puts each relay's schema into its object keys. */
    public record BlossomS3(
            Optional<String> endpoint,
            String region,
            String bucket,
            String accessKey,
            String secretKey,
            Optional<String> keyPrefix) {
        @Override
        public String toString() {
            return "BlossomS3[" + bucket + "]";
        }
    }

    /**
     * apiBase: Stripe's own API unless STRIPE_API_BASE points elsewhere (the local stack's emulator). prices: the
     * Stripe price of each paid plan, by plan id (a plan's stripe_price in PLANS, else STRIPE_PRICE_&lt;ID&gt;).
     */
    public record Stripe(String secretKey, String webhookSecret, Map<String, String> prices, String apiBase) {
        public static final String DEFAULT_API_BASE = "https://api.stripe.com";

        @Override
        public String toString() {
            return "Stripe[configured]";
        }
    }

    /** @param authRelays ROBOT_AUTH_RELAYS: other relays the robot may answer NIP-42 AUTH to (e.g. inbox relays that
     *                    require it for writes); by default it authenticates only to its own lists */
    public record Robot(
            Keys keys,
            String name,
            String description,
            String picture,
            List<String> outboxRelays,
            List<String> indexerRelays,
            List<String> messagingRelays,
            List<String> authRelays) {
        /** Every relay the robot was configured with: the only ones it dials without the outbound rules or AUTHs to. */
        public java.util.Set<String> allRelays() {
            java.util.Set<String> all = new java.util.LinkedHashSet<>(outboxRelays);
            all.addAll(indexerRelays);
            all.addAll(messagingRelays);
            all.addAll(authRelays);
            return all;
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        String host = r.optional("HOST").orElse("127.0.0.1");
        int port = r.port("PORT", 2892);
        List<String> publicUrls = r.optional("PUBLIC_URL")
                .map(v -> r.urlList("PUBLIC_URL", v))
                .orElse(List.of("http://localhost:" + port, "http://127.0.0.1:" + port));
        Set<String> admins = new LinkedHashSet<>();
        for (String a : r.list("ADMINS")) {
            try {
                admins.add(Nip19.parsePubkey(a));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("ADMINS: '" + a + "' is not a hex public key or npub");
            }
        }
        Optional<LiveKit> livekit = r.group(List.of("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"), List.of())
                .map(v -> new LiveKit(v.get("LIVEKIT_URL"), v.get("LIVEKIT_API_KEY"), v.get("LIVEKIT_API_SECRET")));
        Optional<BlossomS3> s3 = r.group(
                        List.of(
                                "BLOSSOM_S3_REGION",
                                "BLOSSOM_S3_BUCKET",
                                "BLOSSOM_S3_ACCESS_KEY",
                                "BLOSSOM_S3_SECRET_KEY"),
                        List.of("BLOSSOM_S3_ENDPOINT", "BLOSSOM_S3_KEY_PREFIX"))
                .map(v -> new BlossomS3(
                        Optional.ofNullable(v.get("BLOSSOM_S3_ENDPOINT")),
                        v.get("BLOSSOM_S3_REGION"),
                        v.get("BLOSSOM_S3_BUCKET"),
                        v.get("BLOSSOM_S3_ACCESS_KEY"),
                        v.get("BLOSSOM_S3_SECRET_KEY"),
                        Optional.ofNullable(v.get("BLOSSOM_S3_KEY_PREFIX"))
                                .map(Reader::trimSlashes)
                                .filter(x -> !x.isEmpty())));
        Pricing pricing = Pricing.read(
                r.optional("PRICE_CURRENCY"),
                r.optional("FIAT_RATE"),
                r.optional("FIAT_RATE_URL").map(v -> r.httpUrl("FIAT_RATE_URL", v)),
                r.optional("FIAT_RATE_CURRENCY"));
        PlanCatalog catalog = PlanCatalog.read(r.optional("PLANS"), r.optional("PLANS_FILE"), pricing.currency());
        Optional<Stripe> stripe = r.group(
                        List.of("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
                        List.of("STRIPE_API_BASE", "STRIPE_PRICE_BASIC", "STRIPE_PRICE_GROWTH"))
                .map(v -> new Stripe(
                        v.get("STRIPE_SECRET_KEY"),
                        v.get("STRIPE_WEBHOOK_SECRET"),
                        stripePrices(r, catalog),
                        Optional.ofNullable(v.get("STRIPE_API_BASE"))
                                .map(u -> r.httpUrl("STRIPE_API_BASE", u).replaceAll("/+$", ""))
                                .orElse(Stripe.DEFAULT_API_BASE)));
        Optional<String> nwc = r.optional("NWC_URL");
        nwc.ifPresent(v -> {
            if (!v.startsWith("nostr+walletconnect://"))
                throw new ConfigException("NWC_URL must start with nostr+walletconnect://");
        });
        Robot robot = new Robot(
                r.keys("ROBOT_SECRET"),
                r.optional("ROBOT_NAME").orElse("Caravel"),
                r.optional("ROBOT_DESCRIPTION").orElse("Notifications from the Caravel relay hosting platform"),
                r.optional("ROBOT_PICTURE").orElse(""),
                r.relays("ROBOT_OUTBOX_RELAYS"),
                r.relays("ROBOT_INDEXER_RELAYS"),
                r.relays("ROBOT_MESSAGING_RELAYS"),
                r.optionalRelays("ROBOT_AUTH_RELAYS"));
        Config config = new Config(
                r.database(),
                host,
                port,
                publicUrls,
                Set.copyOf(admins),
                r.list("ALLOW_ORIGINS"),
                zooidNodes(r),
                livekit,
                s3,
                nwc,
                Optional.ofNullable(r.keys("ENCRYPTION_SECRET"))
                        .map(Keys::secret)
                        .orElse(null),
                stripe,
                robot,
                r.optionalRelays("NIP46_RELAYS"),
                r.optional("WEB_DIR").map(Path::of),
                pricing,
                catalog.plans(),
                Limits.fromEnv(env),
                flotilla(r),
                backups(r),
                Observability.fromEnv(env),
                // Caddy's admin API, where the routes of relays moved off their domain's first node are written
                r.optional("CADDY_ADMIN_URL").map(v -> java.net.URI.create(r.httpUrl("CADDY_ADMIN_URL", v))),
                // how long after a move's switch the old node may still get writes (connections the proxy opened
                // before it): the move copies again until then
                java.time.Duration.ofSeconds(
                        r.optional("MOVE_DRAIN_SECONDS").map(Long::parseLong).orElse(30L)),
                // the operator's program that copies a relay's stored events between two nodes' databases (zooid
                // takes members' events from their authors only): a program and its first arguments, split on spaces
                // and run without a shell; empty when unset
                r.optional("MOVE_COPY_COMMAND")
                        .map(v -> List.of(v.trim().split("\\s+")))
                        .orElse(List.of()),
                customDomains(r),
                paidAdmission(r),
                retirement(r),
                relayBackups(r),
                // how often each watched relay's socket is asked whether it still hears the relay's new events: a
                // socket left on an instance zooid replaced is found deaf within about this long
                java.time.Duration.ofMillis(watchCheck(r)));
        r.failIfMissing();
        return config;
    }

    /**
     * Every paid plan needs a Stripe price once Stripe is on (a card subscription has one item per plan): its
     * stripe_price in PLANS, else STRIPE_PRICE_&lt;ID&gt; (id upper-cased, - as _), e.g. STRIPE_PRICE_BASIC.
     */
    private static Map<String, String> stripePrices(Reader r, PlanCatalog catalog) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        for (caravel.domain.Plan p : catalog.plans().paid()) {
            String name = "STRIPE_PRICE_" + p.id().toUpperCase(Locale.ROOT).replace('-', '_');
            Optional<String> price =
                    Optional.ofNullable(catalog.stripePrices().get(p.id())).or(() -> r.optional(name));
            price.ifPresentOrElse(v -> out.put(p.id(), v), () -> absent.add(name));
        }
        if (!absent.isEmpty())
            throw new ConfigException("Stripe is on, so every paid plan needs a Stripe price: set "
                    + String.join(", ", absent) + " (or stripe_price in PLANS)");
        if (new java.util.HashSet<>(out.values()).size() != out.size())
            throw new ConfigException("two paid plans share one Stripe price: each plan needs a price of its own");
        return Map.copyOf(out);
    }

    /**
     * The default node's relay domain: the one the platform advertises, and where relays placed before nodes existed
     * live (RELAY_DOMAIN in the single-node settings).
     */
    public String relayDomain() {
        return zooidNodes.defaultNode().relayDomain();
    }

    /**
     * ZOOID_NODES when set (see {@link ZooidNodeList}), else one node named {@code default} from ZOOID_API_URL,
     * ZOOID_API_SECRET, ZOOID_RELAY_ORIGIN, RELAY_DOMAIN and ZOOID_CAPACITY, as before nodes existed. Null when a
     * required single-node setting is missing (the reader reports it with the others).
     */
    private static ZooidNodes zooidNodes(Reader r) {
        Optional<String> list = r.optional("ZOOID_NODES");
        if (list.isPresent()) {
            for (String n : List.of("ZOOID_API_URL", "ZOOID_RELAY_ORIGIN", "RELAY_DOMAIN", "ZOOID_CAPACITY"))
                if (r.optional(n).isPresent())
                    throw new ConfigException(n + " is set with ZOOID_NODES, which describes every node: give it in"
                            + " the node's entry instead (api=, origin=, domain=, capacity=)");
            return ZooidNodeList.parse(list.get(), name -> {
                String own = ZooidNodeList.secretVariable(name);
                if (r.optional(own).isPresent()) return r.keys(own);
                if (r.optional("ZOOID_API_SECRET").isPresent()) return r.keys("ZOOID_API_SECRET");
                throw new ConfigException(
                        "zooid node '" + name + "' has no API key: set " + own + " or ZOOID_API_SECRET");
            });
        }
        String api = r.httpUrl("ZOOID_API_URL", r.required("ZOOID_API_URL"));
        Keys keys = r.keys("ZOOID_API_SECRET");
        Optional<String> origin = r.optional("ZOOID_RELAY_ORIGIN").map(v -> r.httpUrl("ZOOID_RELAY_ORIGIN", v));
        String domain = r.domain("RELAY_DOMAIN");
        java.util.OptionalLong capacity = java.util.OptionalLong.empty();
        if (r.optional("ZOOID_CAPACITY").isPresent()) {
            try {
                capacity = ZooidNodeList.capacity(
                        ZooidNode.DEFAULT, r.optional("ZOOID_CAPACITY").get());
            } catch (ConfigException e) {
                throw new ConfigException("ZOOID_CAPACITY must be a whole number of relays (0: no new relays)");
            }
        }
        if (api == null || keys == null || domain == null) return null;
        return new ZooidNodes(List.of(new ZooidNode(ZooidNode.DEFAULT, api, keys, origin, domain, capacity)));
    }

    /**
     * ADMISSION_PERIOD_SECONDS, ADMISSION_GRACE_SECONDS, ADMISSION_NOTICE_SECONDS, ADMISSION_CHECK_SECONDS,
     * LIGHTNING_NETWORK, ADMISSION_OPEN_JOIN_INVOICES.
     */
    private static PaidAdmission paidAdmission(Reader r) {
        PaidAdmission d = PaidAdmission.defaults();
        java.time.Duration period = seconds(r, "ADMISSION_PERIOD_SECONDS", d.period(), 10, 366L * 86_400);
        java.time.Duration grace = seconds(r, "ADMISSION_GRACE_SECONDS", d.grace(), 0, 90L * 86_400);
        java.time.Duration notice = seconds(r, "ADMISSION_NOTICE_SECONDS", d.notice(), 1, 90L * 86_400);
        java.time.Duration every = seconds(r, "ADMISSION_CHECK_SECONDS", d.checkEvery(), 1, 86_400);
        if (notice.compareTo(period) >= 0)
            throw new ConfigException("ADMISSION_NOTICE_SECONDS must be shorter than ADMISSION_PERIOD_SECONDS");
        caravel.domain.LightningNetwork network;
        try {
            network = r.optional("LIGHTNING_NETWORK")
                    .map(caravel.domain.LightningNetwork::of)
                    .orElse(d.network());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("LIGHTNING_NETWORK " + e.getMessage());
        }
        long open = r.optional("ADMISSION_OPEN_JOIN_INVOICES")
                .map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return -1L;
                    }
                })
                .orElse((long) d.openJoinInvoices());
        if (open < 1 || open > 100_000)
            throw new ConfigException("ADMISSION_OPEN_JOIN_INVOICES must be a whole number from 1 to 100000");
        return new PaidAdmission(period, grace, notice, every, network, (int) open);
    }

    /** WATCH_CHECK_MS: at least 500 ms, at most 60 s (2,500 by default). */
    private static long watchCheck(Reader r) {
        long ms = r.optional("WATCH_CHECK_MS").map(Long::parseLong).orElse(2_500L);
        if (ms < 500 || ms > 60_000)
            throw new IllegalArgumentException("WATCH_CHECK_MS must be between 500 and 60000 (milliseconds)");
        return ms;
    }

    private static Retirement retirement(Reader r) {
        return new Retirement(
                seconds(r, "RELAY_UNDO_SECONDS", Retirement.UNDO_WINDOW, 1, 366L * 86_400),
                seconds(r, "RELAY_REDIRECT_SECONDS", Retirement.REDIRECT_FOR, 0, 3660L * 86_400),
                // a program and its first arguments, split on spaces and run without a shell, as the other commands
                r.optional("PURGE_RELAY_COMMAND")
                        .map(v -> List.of(v.trim().split("\\s+")))
                        .orElse(List.of()));
    }

    private static java.time.Duration seconds(Reader r, String name, java.time.Duration fallback, long min, long max) {
        if (r.optional(name).isEmpty()) return fallback;
        long v;
        try {
            v = Long.parseLong(r.optional(name).get().trim());
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        if (v < min || v > max)
            throw new ConfigException(name + " must be a whole number of seconds from " + min + " to " + max);
        return java.time.Duration.ofSeconds(v);
    }

    /** DNS_RESOLVERS (host[:port] each, checked here) and DOMAIN_CHECK_SECONDS (300 by default). */
    private static CustomDomains customDomains(Reader r) {
        List<String> resolvers = r.list("DNS_RESOLVERS");
        for (String v : resolvers)
            if (!v.matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[1-9][0-9]{0,4})?"))
                throw new ConfigException(
                        "DNS_RESOLVERS: '" + v + "' is not host[:port] (an IPv6 address in brackets)");
        long every = r.optional("DOMAIN_CHECK_SECONDS")
                .map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return -1L;
                    }
                })
                .orElse(300L);
        if (every < 1 || every > 86_400)
            throw new ConfigException("DOMAIN_CHECK_SECONDS must be a whole number of seconds from 1 to 86400");
        return new CustomDomains(resolvers, java.time.Duration.ofSeconds(every));
    }

    /** RELAY_BACKUP_DIR, RELAY_BACKUP_S3_* (all of bucket, access key and secret key, or none), RESTORE_EVENTS_COMMAND. */
    private static RelayBackups relayBackups(Reader r) {
        Path dir = r.optional("RELAY_BACKUP_DIR")
                .map(Path::of)
                .orElseGet(() -> r.database()
                        .file()
                        .map(f -> f.toAbsolutePath().getParent())
                        .orElse(Path.of("."))
                        .resolve("relay-backups"))
                .toAbsolutePath()
                .normalize();
        Optional<BackupS3> s3 = r.group(
                        List.of("RELAY_BACKUP_S3_BUCKET", "RELAY_BACKUP_S3_ACCESS_KEY", "RELAY_BACKUP_S3_SECRET_KEY"),
                        List.of("RELAY_BACKUP_S3_ENDPOINT", "RELAY_BACKUP_S3_REGION", "RELAY_BACKUP_S3_PREFIX"))
                .map(v -> new BackupS3(
                        Optional.ofNullable(v.get("RELAY_BACKUP_S3_ENDPOINT"))
                                .map(u ->
                                        r.httpUrl("RELAY_BACKUP_S3_ENDPOINT", u).replaceAll("/+$", "")),
                        Optional.ofNullable(v.get("RELAY_BACKUP_S3_REGION")).orElse("us-east-1"),
                        v.get("RELAY_BACKUP_S3_BUCKET"),
                        v.get("RELAY_BACKUP_S3_ACCESS_KEY"),
                        v.get("RELAY_BACKUP_S3_SECRET_KEY"),
                        Optional.ofNullable(v.get("RELAY_BACKUP_S3_PREFIX"))
                                .map(Reader::trimSlashes)
                                .orElse("")));
        long max = r.optional("RELAY_BACKUP_UPLOAD_MAX_BYTES")
                .map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return -1L;
                    }
                })
                .orElse(RelayBackups.DEFAULT_UPLOAD_MAX_BYTES);
        if (max < 1024)
            throw new ConfigException("RELAY_BACKUP_UPLOAD_MAX_BYTES must be a whole number of bytes, 1024 or more");
        List<String> restore = r.optional("RESTORE_EVENTS_COMMAND")
                .map(v -> List.of(v.trim().split("\\s+")))
                .orElse(List.of());
        String schedule = r.optional("RELAY_BACKUP_SCHEDULE").orElse("on").trim();
        if (!schedule.equals("on") && !schedule.equals("off"))
            throw new ConfigException("RELAY_BACKUP_SCHEDULE must be on or off");
        return new RelayBackups(dir, s3, restore, max, schedule.equals("on"));
    }

    /** Off unless BACKUP_DIR is set; BACKUP_EVERY and BACKUP_KEEP alone are a mistake, not a silent no-op. */
    private static Optional<BackupSchedule> backups(Reader r) {
        if (r.optional("BACKUP_DIR").isEmpty()) {
            for (String n : List.of("BACKUP_EVERY", "BACKUP_KEEP"))
                if (r.optional(n).isPresent()) throw new ConfigException(n + " is set but BACKUP_DIR is not");
            return Optional.empty();
        }
        if (r.database().file().isEmpty())
            throw new ConfigException("BACKUP_DIR is set but DATABASE_URL names a PostgreSQL server: Caravel's"
                    + " scheduled backups copy the SQLite file; back PostgreSQL up with its own tools (pg_dump)");
        Path dir = Path.of(r.optional("BACKUP_DIR").get()).toAbsolutePath().normalize();
        java.time.Duration every =
                r.optional("BACKUP_EVERY").map(v -> duration("BACKUP_EVERY", v)).orElse(BackupSchedule.DEFAULT_EVERY);
        int keep = BackupSchedule.DEFAULT_KEEP;
        Optional<String> k = r.optional("BACKUP_KEEP");
        if (k.isPresent()) {
            try {
                keep = Integer.parseInt(k.get());
            } catch (NumberFormatException e) {
                keep = 0;
            }
            if (keep < 1) throw new ConfigException("BACKUP_KEEP must be a whole number of at least 1");
        }
        return Optional.of(new BackupSchedule(dir, every, keep));
    }

    /** "90s", "30m", "24h", "7d": a whole number and a unit, at least a minute. */
    static java.time.Duration duration(String name, String v) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([0-9]{1,9})([smhd])").matcher(v);
        java.time.Duration d = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
            };
        }
        if (d == null || d.compareTo(java.time.Duration.ofMinutes(1)) < 0)
            throw new ConfigException(
                    name + " must be a duration of at least a minute, a number and a unit: 90s, 30m, 24h or 7d");
        return d;
    }

    /** Off unless FLOTILLA_PORT is set; the public URL defaults to the listener on localhost. */
    private static Optional<Flotilla> flotilla(Reader r) {
        if (r.optional("FLOTILLA_PORT").isEmpty()) {
            for (String n : List.of("FLOTILLA_PUBLIC_URL", "FLOTILLA_ALLOW_ORIGINS"))
                if (r.optional(n).isPresent()) throw new ConfigException(n + " is set but FLOTILLA_PORT is not");
            return Optional.empty();
        }
        int port = r.port("FLOTILLA_PORT", 0);
        if (port != 0 && port == r.port("PORT", 2892))
            throw new ConfigException("FLOTILLA_PORT must differ from PORT: the Flotilla API is a listener of its own");
        String url = r.optional("FLOTILLA_PUBLIC_URL")
                .map(v -> r.httpUrl("FLOTILLA_PUBLIC_URL", v).replaceAll("/+$", ""))
                .orElse("http://localhost:" + port);
        if (URI.create(url).getRawPath() != null
                && !URI.create(url).getRawPath().isEmpty())
            throw new ConfigException("FLOTILLA_PUBLIC_URL must be an origin without a path: Flotilla drops any path"
                    + " of its hosting URL and calls the API at the root");
        List<String> origins = r.list("FLOTILLA_ALLOW_ORIGINS").stream()
                .map(o -> r.httpUrl("FLOTILLA_ALLOW_ORIGINS", o))
                .toList();
        return Optional.of(new Flotilla(port, url, origins));
    }

    public boolean isAdmin(String pubkey) {
        return admins.contains(pubkey);
    }

    /**
     * Settings safe to print: NWC_URL (it holds the platform wallet's secret), ENCRYPTION_SECRET and the keys never
     * appear, whatever logs or exceptions print this record.
     */
    @Override
    public String toString() {
        return "Config[database=" + database.describe() + ", listen=" + host + ":" + port + ", public=" + publicUrls
                + ", admins=" + admins.size() + ", zooid=" + zooidNodes
                + ", lightning=" + (nwcUrl.isPresent() ? "configured" : "off") + ", stripe="
                + (stripe.isPresent() ? "configured" : "off")
                + ", livekit=" + livekit.map(Object::toString).orElse("off") + ", s3="
                + blossomS3.map(Object::toString).orElse("off")
                + ", plans=" + plans.all().stream().map(caravel.domain.Plan::id).toList() + " in "
                + pricing.currency().code() + ", limits=" + limits + ", flotilla="
                + flotilla.map(f -> f.port() + " as " + f.publicUrl()).orElse("off") + ", backups="
                + backups.map(b -> b.dir() + " every " + b.every() + " keeping " + b.keep())
                        .orElse("off") + ", " + observability + "]";
    }

    /** Collects missing names so one message can list them all; every other problem fails at once. */
    private static final class Reader {
        /** "caravel/media/" and "/caravel/media" both mean the prefix "caravel/media" (zooid adds the separator). */
        static String trimSlashes(String v) {
            return v.replaceAll("^/+|/+$", "");
        }

        private final Map<String, String> env;
        private final List<String> missing = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> optional(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
        }

        String required(String name) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                missing.add(name);
                return null;
            }
            return v.get();
        }

        void failIfMissing() {
            if (missing.size() == 1) throw new ConfigException("missing required setting " + missing.get(0));
            if (!missing.isEmpty())
                throw new ConfigException("missing required settings " + String.join(", ", missing));
        }

        List<String> list(String name) {
            return optional(name)
                    .map(v -> java.util.Arrays.stream(v.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList())
                    .orElse(List.of());
        }

        int port(String name, int dflt) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) return dflt;
            try {
                int p = Integer.parseInt(v.get());
                if (p < 0 || p > 65535) throw new NumberFormatException();
                return p;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a port number 0-65535");
            }
        }

        Keys keys(String name) {
            String v = required(name);
            if (v == null) return null;
            try {
                return Keys.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + " must be a 64-hex secret key or an nsec");
            }
        }

        String httpUrl(String name, String v) {
            if (v == null) return null;
            try {
                URI u = URI.create(v);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null)
                    throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + " must be an http(s) URL");
            }
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }

        List<String> urlList(String name, String v) {
            return java.util.Arrays.stream(v.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(s -> httpUrl(name, s))
                    .toList();
        }

        String domain(String name) {
            String v = required(name);
            if (v == null) return null;
            v = v.toLowerCase(Locale.ROOT);
            // a port is allowed for local stacks, where zooid is reached without a proxy (e.g. localhost:3334)
            if (!v.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?"))
                throw new ConfigException(
                        name + " must be a domain name such as relays.example.com (optionally with :port)");
            return v;
        }

        /** A relay list that may be unset (empty). */
        List<String> optionalRelays(String name) {
            List<String> out = new ArrayList<>();
            for (String s : list(name)) {
                try {
                    out.add(RelayUrls.normalize(s));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + ": " + e.getMessage());
                }
            }
            return List.copyOf(out);
        }

        /** A required relay list: at least one relay. */
        List<String> relays(String name) {
            if (required(name) == null) return List.of();
            List<String> out = optionalRelays(name);
            if (out.isEmpty()) missing.add(name);
            return out;
        }

        /** All of {@code all} set → the values; none set → empty; some set → error naming the missing ones. */
        Optional<Map<String, String>> group(List<String> all, List<String> extra) {
            Map<String, String> values = new java.util.HashMap<>();
            List<String> absent = new ArrayList<>();
            for (String n : all) optional(n).ifPresentOrElse(v -> values.put(n, v), () -> absent.add(n));
            boolean anyExtra = false;
            for (String n : extra) {
                Optional<String> v = optional(n);
                if (v.isPresent()) {
                    values.put(n, v.get());
                    anyExtra = true;
                }
            }
            if (absent.size() == all.size() && !anyExtra) return Optional.empty();
            if (!absent.isEmpty())
                throw new ConfigException("incomplete settings: " + String.join(", ", absent)
                        + " must be set together with "
                        + String.join(
                                ", ",
                                all.stream().filter(n -> !absent.contains(n)).toList()));
            return Optional.of(values);
        }

        DatabaseUrl database() {
            return DatabaseUrl.parse(optional("DATABASE_URL").orElse(DatabaseUrl.DEFAULT));
        }
    }
}
