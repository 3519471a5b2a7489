package dev.shoal.contracts.live;

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
 * only when it is fresh and newer than the agent's last one, so it cannot be replayed), the agent's load and, per
 * rendition, the newest index it holds and how long after its announcement it held it. Signed text
 * {@code "Shoal relay v1\n" + hex(SHA-256(str "shoal-relay/1" | str room | agent[20] | str relayUrl | u64 claimedAtMillis
 * | u32 load | u64 lagMillis | u32 n | n x (str rendition | u64 index)))}, renditions in name order.
 *
 * @param held      per rendition, the newest index the relay holds (it holds the room's window up to it)
 * @param lagMillis how long after its announcement the relay held its newest segment
 */
public record RelayClaim(int version, String room, String agent, String relayUrl, long claimedAtMillis, int load,
                         long lagMillis, Map<String, Long> held, String signature) {

    public static final int VERSION = 1;
    public static final int MAX_RENDITIONS = 32;

    public RelayClaim {
        held = held == null ? Map.of() : Map.copyOf(held);
    }

    public static RelayClaim sign(SigningKey agentKey, String room, String relayUrl, long claimedAtMillis, int load,
                                  long lagMillis, Map<String, Long> held) {
        RelayClaim unsigned = new RelayClaim(VERSION, room, agentKey.address().toString(), relayUrl, claimedAtMillis, load,
                lagMillis, held, null);
        return new RelayClaim(VERSION, room, unsigned.agent, relayUrl, claimedAtMillis, load, lagMillis, held,
                agentKey.sign(unsigned.signedText()).hex());
    }

    public Sha256 digest() {
        if (version != VERSION || room == null || room.isEmpty() || room.getBytes(StandardCharsets.UTF_8).length > 128
                || relayUrl == null || relayUrl.isEmpty() || relayUrl.length() > 2048 || claimedAtMillis < 0 || load < 0
                || lagMillis < 0 || held.size() > MAX_RENDITIONS) {
            throw new ContentException.MalformedValue("invalid relay claim (version " + version + ") for room " + room);
        }
        CanonicalWriter w = new CanonicalWriter(256).str("shoal-relay/1").str(room).raw(Address.parse(agent).bytes())
                .str(relayUrl).u64(claimedAtMillis).u32(load).u64(lagMillis).u32(held.size());
        for (Map.Entry<String, Long> e : new TreeMap<>(held).entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null || e.getValue() < 0) {
                throw new ContentException.MalformedValue("invalid relay claim for room " + room + ": rendition " + e.getKey());
            }
            w.str(e.getKey()).u64(e.getValue());
        }
        return w.sha256();
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.RELAY, digest());
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
