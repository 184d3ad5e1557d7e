package caravel.config;

import caravel.nostr.Keys;
import java.nio.file.Path;
import java.util.List;
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
        java.time.Duration watchCheck,
        java.time.Duration lease,
        java.time.Duration activityRetention,
        WebhookPausing webhookPausing) {

    /**
     * When an outbound webhook endpoint is paused (docs/webhooks.md): after {@code failures} failed attempts in a row,
     * the first at least {@code over} before the last (WEBHOOK_PAUSE_FAILURES, WEBHOOK_PAUSE_MINUTES).
     */
    public record WebhookPausing(int failures, java.time.Duration over) {
        public static final WebhookPausing DEFAULT = new WebhookPausing(15, java.time.Duration.ofHours(1));
    }

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
        return new EnvReader(env)
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
        EnvReader r = new EnvReader(env);
        String host = r.optional("HOST").orElse("127.0.0.1");
        int port = r.port("PORT", 2892);
        List<String> publicUrls = r.optional("PUBLIC_URL")
                .map(v -> r.urlList("PUBLIC_URL", v))
                .orElse(List.of("http://localhost:" + port, "http://127.0.0.1:" + port));
        // read in this order, so that of several missing settings the message names them as it always has
        Set<String> admins = ConfigGroups.admins(r);
        Optional<LiveKit> livekit = ConfigGroups.livekit(r);
        Optional<BlossomS3> s3 = ConfigGroups.blossomS3(r);
        Pricing pricing = Pricing.read(
                r.optional("PRICE_CURRENCY"),
                r.optional("FIAT_RATE"),
                r.optional("FIAT_RATE_URL").map(v -> r.httpUrl("FIAT_RATE_URL", v)),
                r.optional("FIAT_RATE_CURRENCY"));
        PlanCatalog catalog = PlanCatalog.read(r.optional("PLANS"), r.optional("PLANS_FILE"), pricing.currency());
        Optional<Stripe> stripe = ConfigGroups.stripe(r, catalog);
        Optional<String> nwc = ConfigGroups.nwc(r);
        Robot robot = ConfigGroups.robot(r);
        Config config = new Config(
                r.database(),
                host,
                port,
                publicUrls,
                admins,
                r.list("ALLOW_ORIGINS"),
                ConfigGroups.zooidNodes(r),
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
                ConfigGroups.flotilla(r),
                ConfigGroups.backups(r),
                Observability.fromEnv(env),
                // Caddy's admin API, where the routes of relays moved off their domain's first node are written
                r.optional("CADDY_ADMIN_URL").map(v -> java.net.URI.create(r.httpUrl("CADDY_ADMIN_URL", v))),
                // how long after a move's switch the old node may still get writes through a proxy that keeps its
                // connections when its routes change (Caddy closes them): the move copies again until then
                java.time.Duration.ofSeconds(
                        r.optional("MOVE_DRAIN_SECONDS").map(Long::parseLong).orElse(0L)),
                // the operator's program that copies a relay's stored events between two nodes' databases (zooid
                // takes members' events from their authors only): a program and its first arguments, split on spaces
                // and run without a shell; empty when unset
                r.optional("MOVE_COPY_COMMAND")
                        .map(v -> List.of(v.trim().split("\\s+")))
                        .orElse(List.of()),
                ConfigGroups.customDomains(r),
                ConfigGroups.paidAdmission(r),
                ConfigGroups.retirement(r),
                ConfigGroups.relayBackups(r),
                // how often each watched relay's socket is asked whether it still hears the relay's new events: a
                // socket left on an instance zooid replaced is found deaf within about this long
                java.time.Duration.ofMillis(ConfigGroups.watchCheck(r)),
                // how long a process's hold on a job or on a share of the watched relays lasts: after a crash, another
                // process takes its work over within about this long
                java.time.Duration.ofMillis(ConfigGroups.lease(r)),
                // ACTIVITY_RETENTION_DAYS: how long the activity log keeps a line (0, the default: for ever)
                ConfigGroups.activityRetention(r),
                ConfigGroups.webhookPausing(r));
        r.failIfMissing();
        return config;
    }

    /**
     * The default node's relay domain: the one the platform advertises, and where relays placed before nodes existed
     * live (RELAY_DOMAIN in the single-node settings).
     */
    public String relayDomain() {
        return zooidNodes.defaultNode().relayDomain();
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
}
