package dev.shoal.contracts.live;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;

import java.nio.charset.StandardCharsets;

/**
 * An origin binding itself to a room, signed with the creator's key, so only the creator can choose a room's
 * origin (docs/live.md, "Who authenticates how"). Signed text: {@code "Shoal origin v1\n" + hex(SHA-256(str
 * "shoal-origin/1" | str room | agent[20] | str originUrl | u8 shielded | u64 claimedAtMillis))}.
 *
 * @param agent   the origin agent's own address (its identity, not the creator's)
 * @param creator the creator's address, which signed
 */
public record OriginClaim(int version, String room, String agent, String originUrl, boolean shielded,
                          long claimedAtMillis, String creator, String signature) {

    public static final int VERSION = 1;

    public static OriginClaim sign(SigningKey creatorKey, String room, Address agent, String originUrl, boolean shielded,
                                   long claimedAtMillis) {
        OriginClaim unsigned = new OriginClaim(VERSION, room, agent.toString(), originUrl, shielded, claimedAtMillis,
                creatorKey.address().toString(), null);
        return new OriginClaim(VERSION, room, unsigned.agent, originUrl, shielded, claimedAtMillis, unsigned.creator,
                creatorKey.sign(unsigned.signedText()).hex());
    }

    public Sha256 digest() {
        if (version != VERSION || room == null || room.isEmpty() || room.getBytes(StandardCharsets.UTF_8).length > 128
                || originUrl == null || originUrl.isEmpty() || originUrl.length() > 2048 || claimedAtMillis < 0) {
            throw new ContentException.MalformedValue("invalid origin claim (version " + version + ") for room " + room);
        }
        return new CanonicalWriter(256).str("shoal-origin/1").str(room).raw(Address.parse(agent).bytes()).str(originUrl)
                .bool(shielded).u64(claimedAtMillis).sha256();
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.ORIGIN, digest());
    }

    /** The creator who signed, once the signature is checked to name it. */
    public Address verify() {
        Address named = Address.parse(creator);
        Address signer = Signature.fromHex(signature).recoverSigner(signedText());
        if (!signer.equals(named)) {
            throw new ContentException.SignatureMismatch(SignedMessages.ORIGIN, "the origin claim for room " + room
                    + " names creator " + named + " but is signed by " + signer);
        }
        return signer;
    }
}
