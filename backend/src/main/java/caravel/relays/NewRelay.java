package caravel.relays;

import caravel.domain.Plan;
import caravel.domain.RelayProfile;
import caravel.domain.Setting;
import java.util.Map;
import java.util.Optional;

/**
 * A relay to create, built by name: {@link #of} and the withers. profile: its text, checked by the relays service
 * ({@link RelayProfile#checked}). settings: what the creator asked for, by setting (empty = every default), checked by
 * {@link RelaySettingsRules}. zooidDomain: the relay domain asked for (Flotilla's zooid_domain), placing it on a node
 * serving that domain; empty: wherever there is most room ({@link Placement}).
 */
public record NewRelay(
        String tenant,
        RelayProfile profile,
        String subdomain,
        Plan plan,
        Map<Setting, Boolean> settings,
        Optional<String> zooidDomain) {
    public NewRelay {
        settings = Map.copyOf(settings);
    }

    /** A relay with every setting at its default, placed wherever there is most room. */
    public static NewRelay of(String tenant, RelayProfile profile, String subdomain, Plan plan) {
        return new NewRelay(tenant, profile, subdomain, plan, Map.of(), Optional.empty());
    }

    public NewRelay withProfile(RelayProfile profile) {
        return new NewRelay(tenant, profile, subdomain, plan, settings, zooidDomain);
    }

    public NewRelay withSettings(Map<Setting, Boolean> settings) {
        return new NewRelay(tenant, profile, subdomain, plan, settings, zooidDomain);
    }

    /** Placed on a node serving {@code zooidDomain}. */
    public NewRelay under(String zooidDomain) {
        return new NewRelay(tenant, profile, subdomain, plan, settings, Optional.of(zooidDomain));
    }
}
