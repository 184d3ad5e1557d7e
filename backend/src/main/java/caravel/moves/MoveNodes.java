package caravel.moves;

import caravel.config.Config;
import caravel.config.ZooidNode;
import caravel.crypto.SecretBox;
import caravel.domain.Failure;
import caravel.nostr.Hex;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.RelayCalls;
import caravel.relays.RelayStateMachine;
import caravel.store.Relay;
import caravel.zooid.NodeClients;
import caravel.zooid.RelaySecrets;
import caravel.zooid.TeamKeys;
import caravel.zooid.ZooidClient;
import caravel.zooid.ZooidConfig;
import caravel.zooid.ZooidLine;
import caravel.zooid.ZooidResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * The zooid nodes' side of a move ({@link RelayMoves}): the node asked for, the relay's config and its people on the
 * new node, and its copy removed from a node.
 *
 * @param team each relay's team as its config carries it (the keys {@code RelaySync} writes too): the new node's config
 *     names the team's roles from the start, not only after the next sync
 */
public record MoveNodes(
        NodeClients nodes,
        SecretBox box,
        Config config,
        Function<String, TeamKeys> team,
        RelayCalls calls,
        CommunityStore store) {

    /** The node named {@code to}; invalid when there is none. */
    ZooidNode named(String to) {
        return nodes.nodes()
                .byName(to)
                .orElseThrow(() -> Failure.invalidField("node", "no zooid node is named '" + to + "'"));
    }

    /** The name of the node the relay is on. */
    String nodeOf(Relay r) {
        return nodes.node(r).name();
    }

    /** The relay's domain, as its row records it when it names a node. */
    String domain(Relay r) {
        return nodes.domain(r);
    }

    /** Removes the relay's copy from the node named {@code node}; what the node answered. */
    ZooidResult remove(String node, Relay r) {
        return nodes.client(node).delete(r.schema());
    }

    /** The relay's config on the new node, as provisioning would write it there (a patch when a retry finds it). */
    void create(Relay onNew) {
        String secret = Hex.encode(box.open(onNew.secretEnc(), RelaySecrets.context(onNew.id())));
        boolean inactive = !RelayStateMachine.served(onNew.status());
        ZooidLine line = nodes.lines().line(onNew.zooidNode());
        ObjectNode desired = ZooidConfig.build(
                onNew, nodes.address(onNew).host(), secret, inactive, config, line, team.apply(onNew.id()));
        ZooidClient to = nodes.client(onNew);
        ZooidResult result = to.create(onNew.schema(), desired);
        // an earlier attempt's config: patched like every later write, so nothing the node holds beyond it is erased
        if (result instanceof ZooidResult.Conflict)
            result = to.patch(onNew.schema(), ZooidConfig.patchOf(desired, null, line));
        if (!(result instanceof ZooidResult.Ok)) throw new IllegalStateException(result.describe());
    }

    /** Members and banned people, which zooid keeps as the relay's own signed lists: set again over NIP-86. */
    void copyPeople(Relay onOld, Relay onNew) {
        for (String pk : pubkeys(calls.call(onOld, "listallowedpubkeys", List.of(), "list its members")))
            calls.call(onNew, "allowpubkey", List.of(pk, "moved"), "add a member");
        for (String pk : pubkeys(calls.call(onOld, "listbannedpubkeys", List.of(), "list its banned people")))
            calls.call(onNew, "banpubkey", List.of(pk, "moved"), "ban a person");
        for (var ban : store.eventBans(onOld.id()))
            if (ban.liftedAt() == null) calls.call(onNew, "banevent", List.of(ban.eventId(), "moved"), "ban an event");
    }

    private static List<String> pubkeys(JsonNode list) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (list != null && list.isArray())
            for (JsonNode e : list) {
                JsonNode pk = e.isObject() ? e.get("pubkey") : e;
                if (pk != null && pk.isTextual()) out.add(pk.asText());
            }
        return out;
    }
}
