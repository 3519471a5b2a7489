package dev.shoal.contracts.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A relay agent claiming a live room, signed with the agent's own key, and sent again as its heartbeat (docs/live.md,
 * "Relay agents"): the room, the agent, the URL it serves segments at, when it was signed (the gateway takes a claim
 * only when it is fresh and newer than the agent's last one, so it cannot be replayed), the rooms it relays and, per
 * rendition, the newest index it holds and how long after its announcement it held it.
 * <p>
 * Version 2 (what agents send now) adds what the agent measured it uploads for the live rooms it relays (bytes per
 * second over the last 10 s) and its uplink's capacity (bytes per second, more than 0), which the gateway ranks relays
 * by. Version 1 (without both) is still read. Signed text {@code "Shoal relay v<version>\n" + hex(SHA-256(str
 * "shoal-relay/<version>" | str room | agent[20] | str relayUrl | u64 claimedAtMillis | u32 load | u64 lagMillis |
 * (version 2: u64 uploadBytesPerSecond | u64 uplinkBytesPerSecond |) u32 n | n x (str rendition | u64 index)))},
 * renditions in name order.
 *
 * @param version              1 or 2
 * @param load                 the rooms the agent relays (what version 1 was ranked by)
 * @param held                 per rendition, the newest index the relay holds (it holds the room's window up to it)
 * @param lagMillis            how long after its announcement the relay held its newest segment
 * @param uploadBytesPerSecond version 2: what the agent uploaded for the live rooms it relays, per second over its window; null in version 1
 * @param uplinkBytesPerSecond version 2: the capacity of the agent's uplink, bytes per second; null in version 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RelayClaim(int version, String room, String agent, String relayUrl, long claimedAtMillis, int load,
                         long lagMillis, Map<String, Long> held, String signature, Long uploadBytesPerSecond,
                         Long uplinkBytesPerSecond) {

    /** The version agents send now. */
    public static final int VERSION = 2;
    public static final int MAX_RENDITIONS = 32;

    public RelayClaim {
        held = held == null ? Map.of() : Map.copyOf(held);
    }

    /** Version 1, without the measured upload (what agents sent before version 2; kept to test that it is still read). */
    public static RelayClaim sign(SigningKey agentKey, String room, String relayUrl, long claimedAtMillis, int load,
                                  long lagMillis, Map<String, Long> held) {
        return signed(agentKey, new RelayClaim(1, room, agentKey.address().toString(), relayUrl, claimedAtMillis, load,
                lagMillis, held, null, null, null));
    }

    /** Version 2: with the upload the agent measured for the live rooms it relays, and its uplink's capacity. */
    public static RelayClaim sign(SigningKey agentKey, String room, String relayUrl, long claimedAtMillis, int load,
                                  long lagMillis, Map<String, Long> held, long uploadBytesPerSecond, long uplinkBytesPerSecond) {
        return signed(agentKey, new RelayClaim(VERSION, room, agentKey.address().toString(), relayUrl, claimedAtMillis, load,
                lagMillis, held, null, uploadBytesPerSecond, uplinkBytesPerSecond));
    }

    private static RelayClaim signed(SigningKey agentKey, RelayClaim u) {
        return new RelayClaim(u.version, u.room, u.agent, u.relayUrl, u.claimedAtMillis, u.load, u.lagMillis, u.held,
                agentKey.sign(u.signedText()).hex(), u.uploadBytesPerSecond, u.uplinkBytesPerSecond);
    }

    public Sha256 digest() {
        if ((version != 1 && version != VERSION) || room == null || room.isEmpty() || room.getBytes(StandardCharsets.UTF_8).length > 128
                || relayUrl == null || relayUrl.isEmpty() || relayUrl.length() > 2048 || claimedAtMillis < 0 || load < 0
                || lagMillis < 0 || held.size() > MAX_RENDITIONS) {
            throw new ContentException.MalformedValue("invalid relay claim (version " + version + ") for room " + room);
        }
        if (version == 1 ? uploadBytesPerSecond != null || uplinkBytesPerSecond != null
                : uploadBytesPerSecond == null || uploadBytesPerSecond < 0 || uplinkBytesPerSecond == null || uplinkBytesPerSecond <= 0) {
            // version 1 signs no measurement (an unsigned one is refused, not stored); version 2 states both
            throw new ContentException.MalformedValue("invalid relay claim (version " + version + ") for room " + room
                    + ": uploadBytesPerSecond " + uploadBytesPerSecond + ", uplinkBytesPerSecond " + uplinkBytesPerSecond);
        }
        CanonicalWriter w = new CanonicalWriter(256).str("shoal-relay/" + version).str(room).raw(Address.parse(agent).bytes())
                .str(relayUrl).u64(claimedAtMillis).u32(load).u64(lagMillis);
        if (version == VERSION) {
            w.u64(uploadBytesPerSecond).u64(uplinkBytesPerSecond);
        }
        w.u32(held.size());
        for (Map.Entry<String, Long> e : new TreeMap<>(held).entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null || e.getValue() < 0) {
                throw new ContentException.MalformedValue("invalid relay claim for room " + room + ": rendition " + e.getKey());
            }
            w.str(e.getKey()).u64(e.getValue());
        }
        return w.sha256();
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.RELAY, version, digest());
    }

    /** The agent that signed, once the signature is checked to name it. */
    public Address verify() {
        Address named = Address.parse(agent);
        if (signature == null) {
            throw new ContentException.SignatureMismatch(SignedMessages.RELAY, "the relay claim for room " + room + " is not signed");
        }
        Address signer = Signature.fromHex(signature).recoverSigner(signedText());
        if (!signer.equals(named)) {
            throw new ContentException.SignatureMismatch(SignedMessages.RELAY, "the relay claim for room " + room
                    + " names agent " + named + " but is signed by " + signer);
        }
        return signer;
    }
}
