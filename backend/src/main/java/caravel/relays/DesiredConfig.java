package caravel.relays;

import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.nostr.Hex;
import caravel.store.Relay;
import caravel.zooid.NodeClients;
import caravel.zooid.RelaySecrets;
import caravel.zooid.TeamKeys;
import caravel.zooid.ZooidConfig;
import caravel.zooid.ZooidLine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * The config Caravel wants zooid to hold for a relay: its row, key, host, plan and team, in the node's line's form.
 *
 * @param team each relay's team, read when its config is written (the team service's table)
 */
public record DesiredConfig(SecretBox box, NodeClients nodes, Config config, Function<String, TeamKeys> team) {

    /** The relay's config as written to a node of {@code line}; offline unless the state machine serves it. */
    ObjectNode of(Relay r, ZooidLine line) {
        boolean inactive = !RelayStateMachine.served(r.status());
        String secret = Hex.encode(box.open(r.secretEnc(), RelaySecrets.context(r.id())));
        // public reading and writing pass through only to a node known to run zooid's newer line (see ZooidConfig)
        return ZooidConfig.build(r, nodes.address(r).host(), secret, inactive, config, line, team.apply(r.id()));
    }
}
