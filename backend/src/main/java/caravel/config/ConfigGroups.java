package caravel.config;

import caravel.config.Config.BackupS3;
import caravel.config.Config.BackupSchedule;
import caravel.config.Config.BlossomS3;
import caravel.config.Config.CustomDomains;
import caravel.config.Config.Flotilla;
import caravel.config.Config.LiveKit;
import caravel.config.Config.PaidAdmission;
import caravel.config.Config.RelayBackups;
import caravel.config.Config.Retirement;
import caravel.config.Config.Robot;
import caravel.config.Config.Stripe;
import caravel.nostr.Keys;
import caravel.nostr.Nip19;
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
 * The groups of settings {@link Config#fromEnv} reads, one method each: a group's variables, their defaults and
 * bounds, and the rules between them (set together or not at all, one only with another).
 */
final class ConfigGroups {
    private ConfigGroups() {}

    /** ADMINS: hex public keys or npubs. */
    static Set<String> admins(EnvReader r) {
        Set<String> admins = new LinkedHashSet<>();
        for (String a : r.list("ADMINS")) {
            try {
                admins.add(Nip19.parsePubkey(a));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("ADMINS: '" + a + "' is not a hex public key or npub");
            }
        }
        return Set.copyOf(admins);
    }

    /** LIVEKIT_*: all three or none. */
    static Optional<LiveKit> livekit(EnvReader r) {
        return r.group(List.of("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"), List.of())
                .map(v -> new LiveKit(v.get("LIVEKIT_URL"), v.get("LIVEKIT_API_KEY"), v.get("LIVEKIT_API_SECRET")));
    }

    /** BLOSSOM_S3_*: region, bucket and both keys, or none; endpoint and key prefix optional. */
    static Optional<BlossomS3> blossomS3(EnvReader r) {
        return r.group(
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
                                .map(EnvReader::trimSlashes)
                                .filter(x -> !x.isEmpty())));
    }

    /** STRIPE_*: the secret key and the webhook secret, or neither; once on, every paid plan's price. */
    static Optional<Stripe> stripe(EnvReader r, PlanCatalog catalog) {
        return r.group(
                        List.of("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
                        List.of("STRIPE_API_BASE", "STRIPE_PRICE_BASIC", "STRIPE_PRICE_GROWTH"))
                .map(v -> new Stripe(
                        v.get("STRIPE_SECRET_KEY"),
                        v.get("STRIPE_WEBHOOK_SECRET"),
                        stripePrices(r, catalog),
                        Optional.ofNullable(v.get("STRIPE_API_BASE"))
                                .map(u -> r.httpUrl("STRIPE_API_BASE", u).replaceAll("/+$", ""))
                                .orElse(Stripe.DEFAULT_API_BASE)));
    }

    /** NWC_URL: the platform's wallet, a nostr+walletconnect:// URL. */
    static Optional<String> nwc(EnvReader r) {
        Optional<String> nwc = r.optional("NWC_URL");
        nwc.ifPresent(v -> {
            if (!v.startsWith("nostr+walletconnect://"))
                throw new ConfigException("NWC_URL must start with nostr+walletconnect://");
        });
        return nwc;
    }

    /** ROBOT_*: the robot's key, profile and relays. */
    static Robot robot(EnvReader r) {
        return new Robot(
                r.keys("ROBOT_SECRET"),
                r.optional("ROBOT_NAME").orElse("Caravel"),
                r.optional("ROBOT_DESCRIPTION").orElse("Notifications from the Caravel relay hosting platform"),
                r.optional("ROBOT_PICTURE").orElse(""),
                r.relays("ROBOT_OUTBOX_RELAYS"),
                r.relays("ROBOT_INDEXER_RELAYS"),
                r.relays("ROBOT_MESSAGING_RELAYS"),
                r.optionalRelays("ROBOT_AUTH_RELAYS"));
    }

    /**
     * Every paid plan needs a Stripe price once Stripe is on (a card subscription has one item per plan): its
     * stripe_price in PLANS, else STRIPE_PRICE_&lt;ID&gt; (id upper-cased, - as _), e.g. STRIPE_PRICE_BASIC.
     */
    static Map<String, String> stripePrices(EnvReader r, PlanCatalog catalog) {
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
     * ZOOID_NODES when set (see {@link ZooidNodeList}), else one node named {@code default} from ZOOID_API_URL,
     * ZOOID_API_SECRET, ZOOID_RELAY_ORIGIN, RELAY_DOMAIN and ZOOID_CAPACITY, as before nodes existed. Null when a
     * required single-node setting is missing (the reader reports it with the others).
     */
    static ZooidNodes zooidNodes(EnvReader r) {
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
    static PaidAdmission paidAdmission(EnvReader r) {
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

    /**
     * ACTIVITY_RETENTION_DAYS: lines of the activity log older than this many days are removed (docs/activity-export.md);
     * 0 or unset keeps them for ever. At most 36500.
     */
    static java.time.Duration activityRetention(EnvReader r) {
        String v = r.optional("ACTIVITY_RETENTION_DAYS").orElse("0").trim();
        long days;
        try {
            days = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("ACTIVITY_RETENTION_DAYS must be a whole number of days (0 keeps every line)");
        }
        if (days < 0 || days > 36_500)
            throw new ConfigException("ACTIVITY_RETENTION_DAYS must be from 0 (keep every line) to 36500 days");
        return java.time.Duration.ofDays(days);
    }

    /**
     * WEBHOOK_PAUSE_FAILURES (1 to 1000, 15 by default) and WEBHOOK_PAUSE_MINUTES (0 to 43200, 60 by default): an
     * endpoint is paused after that many failed attempts in a row, the first at least that long before.
     */
    static Config.WebhookPausing webhookPausing(EnvReader r) {
        Config.WebhookPausing d = Config.WebhookPausing.DEFAULT;
        long failures = wholeNumber(r, "WEBHOOK_PAUSE_FAILURES", d.failures(), 1, 1_000);
        long minutes = wholeNumber(r, "WEBHOOK_PAUSE_MINUTES", d.over().toMinutes(), 0, 43_200);
        return new Config.WebhookPausing((int) failures, java.time.Duration.ofMinutes(minutes));
    }

    /** A whole-number setting from {@code min} to {@code max}, {@code fallback} when unset; a clear error otherwise. */
    private static long wholeNumber(EnvReader r, String name, long fallback, long min, long max) {
        String v = r.optional(name).map(String::trim).orElse(null);
        long n;
        try {
            n = v == null ? fallback : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) throw new ConfigException(name + " must be a whole number from " + min + " to " + max);
        return n;
    }

    /** WATCH_CHECK_MS: at least 500 ms, at most 60 s (2,500 by default). */
    static long watchCheck(EnvReader r) {
        long ms = r.optional("WATCH_CHECK_MS").map(Long::parseLong).orElse(2_500L);
        if (ms < 500 || ms > 60_000)
            throw new IllegalArgumentException("WATCH_CHECK_MS must be between 500 and 60000 (milliseconds)");
        return ms;
    }

    /**
     * LEASE_MS: at least 4 s (a heartbeat every quarter of it must outlast a loaded machine's pauses), at most 5
     * minutes (20,000 by default).
     */
    static long lease(EnvReader r) {
        long ms = r.optional("LEASE_MS").map(Long::parseLong).orElse(20_000L);
        if (ms < 4_000 || ms > 300_000)
            throw new IllegalArgumentException("LEASE_MS must be between 4000 and 300000 (milliseconds)");
        return ms;
    }

    static Retirement retirement(EnvReader r) {
        return new Retirement(
                seconds(r, "RELAY_UNDO_SECONDS", Retirement.UNDO_WINDOW, 1, 366L * 86_400),
                seconds(r, "RELAY_REDIRECT_SECONDS", Retirement.REDIRECT_FOR, 0, 3660L * 86_400),
                // a program and its first arguments, split on spaces and run without a shell, as the other commands
                r.optional("PURGE_RELAY_COMMAND")
                        .map(v -> List.of(v.trim().split("\\s+")))
                        .orElse(List.of()));
    }

    static java.time.Duration seconds(EnvReader r, String name, java.time.Duration fallback, long min, long max) {
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
    static CustomDomains customDomains(EnvReader r) {
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
    static RelayBackups relayBackups(EnvReader r) {
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
                                .map(EnvReader::trimSlashes)
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
    static Optional<BackupSchedule> backups(EnvReader r) {
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
    static Optional<Flotilla> flotilla(EnvReader r) {
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
}
