package dev.shoal.contracts.live;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;

/**
 * A relay agent offering to relay live rooms at a gateway, signed with the agent's own key and sent again every
 * {@link #EVERY} as its heartbeat, whether or not a room is live (docs/live.md, "Relay agents"): the agent, the URL it
 * serves segments at, when it was signed (the gateway takes an offer only when it is fresh and newer than the agent's
 * last one), the rooms it relays now and at most, what it measured it uploads for them (bytes per second over the last
 * 10 s) and its uplink's capacity (bytes per second, more than 0). The creator's studio offers the agents heard lately
 * to choose from. Signed text {@code "Shoal relay offer v1\n" + hex(SHA-256(str "shoal-relay-offer/1" | agent[20] |
 * str relayUrl | u64 offeredAtMillis | u32 rooms | u32 maxRooms | u64 uploadBytesPerSecond | u64 uplinkBytesPerSecond))}.
 */
public record RelayOffer(int version, String agent, String relayUrl, long offeredAtMillis, int rooms, int maxRooms,
                         long uploadBytesPerSecond, long uplinkBytesPerSecond, String signature) {

    public static final int VERSION = 1;
    /** How often a relay agent sends its offer. */
    public static final java.time.Duration EVERY = java.time.Duration.ofSeconds(10);

    public static RelayOffer sign(SigningKey agentKey, String relayUrl, long offeredAtMillis, int rooms, int maxRooms,
                                  long uploadBytesPerSecond, long uplinkBytesPerSecond) {
        RelayOffer u = new RelayOffer(VERSION, agentKey.address().toString(), relayUrl, offeredAtMillis, rooms, maxRooms,
                uploadBytesPerSecond, uplinkBytesPerSecond, null);
        return new RelayOffer(u.version, u.agent, u.relayUrl, u.offeredAtMillis, u.rooms, u.maxRooms, u.uploadBytesPerSecond,
                u.uplinkBytesPerSecond, agentKey.sign(u.signedText()).hex());
    }

    public Sha256 digest() {
        if (version != VERSION || relayUrl == null || relayUrl.isEmpty() || relayUrl.length() > 2048 || offeredAtMillis < 0
                || rooms < 0 || maxRooms < 0 || uploadBytesPerSecond < 0 || uplinkBytesPerSecond <= 0) {
            throw new ContentException.MalformedValue("invalid relay offer (version " + version + ") of agent " + agent);
        }
        return new CanonicalWriter(128).str("shoal-relay-offer/" + version).raw(Address.parse(agent).bytes()).str(relayUrl)
                .u64(offeredAtMillis).u32(rooms).u32(maxRooms).u64(uploadBytesPerSecond).u64(uplinkBytesPerSecond).sha256();
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.RELAY_OFFER, version, digest());
    }

    /** The agent that signed, once the signature is checked to name it. */
    public Address verify() {
        Address named = Address.parse(agent);
        if (signature == null) {
            throw new ContentException.SignatureMismatch(SignedMessages.RELAY_OFFER, "the relay offer of " + agent + " is not signed");
        }
        Address signer = Signature.fromHex(signature).recoverSigner(signedText());
        if (!signer.equals(named)) {
            throw new ContentException.SignatureMismatch(SignedMessages.RELAY_OFFER, "the relay offer names agent " + named
                    + " but is signed by " + signer);
        }
        return signer;
    }
}
