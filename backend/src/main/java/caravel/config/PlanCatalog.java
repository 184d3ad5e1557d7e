package caravel.config;

import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.PriceCurrency;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's plans: PLANS (a JSON array) or PLANS_FILE (a file holding one), priced in PRICE_CURRENCY; the three
 * seed plans when neither is set. Each entry: {@code {"id", "name", "price", "members", "blossom", "livekit",
 * "hidden", "names", "custom_domain", "stripe_price"}} — price per month in the currency's minor unit (sats, or cents), members null or absent
 * for unlimited. Every problem names the plan and field, since a typo here would otherwise bill people wrongly.
 */
public record PlanCatalog(Plans plans, Map<String, String> stripePrices) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Set<String> FIELDS = Set.of(
            "id",
            "name",
            "price",
            "members",
            "blossom",
            "livekit",
            "hidden",
            "names",
            "custom_domain",
            "stripe_price",
            "backups");

    static PlanCatalog read(Optional<String> inline, Optional<String> file, PriceCurrency currency) {
        if (inline.isPresent() && file.isPresent()) throw new ConfigException("set PLANS or PLANS_FILE, not both");
        if (inline.isEmpty() && file.isEmpty()) {
            if (!currency.sats())
                throw new ConfigException("PRICE_CURRENCY=" + currency.code()
                        + " needs plans priced in it: set PLANS or PLANS_FILE (the default plans are priced in sats)");
            return new PlanCatalog(Plans.seed(), Map.of());
        }
        String source = inline.isPresent() ? "PLANS" : "PLANS_FILE";
        String text;
        try {
            text = inline.isPresent() ? inline.get() : Files.readString(Path.of(file.get()));
        } catch (IOException e) {
            throw new ConfigException("PLANS_FILE: cannot read " + file.get() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty())
            throw new ConfigException(source + " must be a JSON array of at least one plan");
        List<Plan> plans = new ArrayList<>();
        Map<String, String> stripe = new LinkedHashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String at = source + "[" + i + "]";
            if (!n.isObject()) throw new ConfigException(at + " must be an object");
            for (var it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f))
                    throw new ConfigException(at + ": unknown field \"" + f + "\" (known: id, name, price, members,"
                            + " blossom, livekit, hidden, names, custom_domain, stripe_price, backups)");
            }
            String id = text(n, "id", at);
            if (!ID.matcher(id).matches())
                throw new ConfigException(
                        at + ".id() must be 1 to 32 of a-z, 0-9, - and _, starting with a letter or" + " digit");
            at = source + " plan \"" + id + "\"";
            if (plans.stream().anyMatch(p -> p.id().equals(id))) throw new ConfigException(at + " is defined twice");
            String name = text(n, "name", at);
            JsonNode price = n.get("price");
            if (price == null || !price.isIntegralNumber() || price.asLong() < 0 || !price.canConvertToLong())
                throw new ConfigException(
                        at + ".price must be a whole number of " + minorUnit(currency) + " per month, 0 or more");
            Integer members = null;
            JsonNode m = n.get("members");
            if (m != null && !m.isNull()) {
                if (!m.isIntegralNumber() || !m.canConvertToInt() || m.asInt() < 1)
                    throw new ConfigException(at + ".members must be a whole number from 1, or null for unlimited");
                members = m.asInt();
            }
            int backups = Plan.DEFAULT_BACKUPS_KEPT;
            JsonNode bk = n.get("backups");
            if (bk != null && !bk.isNull()) {
                if (!bk.isIntegralNumber() || !bk.canConvertToInt() || bk.asInt() < 1 || bk.asInt() > 365)
                    throw new ConfigException(at + ".backups must be a whole number of backups kept, from 1 to 365");
                backups = bk.asInt();
            }
            plans.add(Plan.builder(id, name, price.asLong())
                    .maxMembers(members)
                    .blossom(flag(n, "blossom", at, false))
                    .livekit(flag(n, "livekit", at, false))
                    .hidden(flag(n, "hidden", at, false))
                    .names(flag(n, "names", at, true))
                    .customDomain(flag(n, "custom_domain", at, true))
                    .backupsKept(backups)
                    .build());
            JsonNode sp = n.get("stripe_price");
            if (sp != null && !sp.isNull()) {
                if (!sp.isTextual() || sp.asText().isBlank())
                    throw new ConfigException(at + ".stripe_price must be a Stripe price id");
                stripe.put(id, sp.asText().trim());
            }
        }
        if (plans.stream().allMatch(Plan::hidden))
            throw new ConfigException(source + ": every plan is hidden, so no relay could be created");
        return new PlanCatalog(new Plans(plans, currency), Map.copyOf(stripe));
    }

    private static String minorUnit(PriceCurrency c) {
        return c.sats() ? "sats" : c.code() + " minor units (cents)";
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank())
            throw new ConfigException(at + "." + field + " must be a non-empty string");
        return v.asText().trim();
    }

    private static boolean flag(JsonNode n, String field, String at, boolean absent) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return absent;
        if (!v.isBoolean()) throw new ConfigException(at + "." + field + " must be true or false");
        return v.asBoolean();
    }
}
