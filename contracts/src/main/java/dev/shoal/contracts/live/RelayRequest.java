package dev.shoal.contracts.live;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;

/**
 * A relay agent's request for a segment at a shielded origin (docs/live.md, "Shielded origin"), in the
 * {@value #HEADER} header: {@code agent;requestedAtMillis;signature}, signed with the relay's key over
 * {@code "Shoal relay request v1\n" + hex(SHA-256(str "shoal-relay-request/1" | agent[20] | sha256[32] | u64 requestedAtMillis))}.
 * The origin serves a shielded room's segment only when the signer is one of the room's relays the gateway lists and
 * the time is within {@link #FRESH_MILLIS} of its own clock.
 */
public record RelayRequest(Address agent, Sha256 segment, long requestedAtMillis, String signature) {

    public static final String HEADER = "Shoal-Relay";
    public static final long FRESH_MILLIS = 30_000;

    public static RelayRequest sign(SigningKey relayKey, Sha256 segment, long requestedAtMillis) {
        RelayRequest unsigned = new RelayRequest(relayKey.address(), segment, requestedAtMillis, null);
        return new RelayRequest(relayKey.address(), segment, requestedAtMillis, relayKey.sign(unsigned.signedText()).hex());
    }

    /** The header's value for the request of {@code segment}; throws {@link ContentException} when it is not one. */
    public static RelayRequest parse(String header, Sha256 segment) {
        String[] parts = header == null ? new String[0] : header.strip().split(";");
        if (parts.length != 3 || !parts[1].matches("[0-9]{1,18}")) {
            throw new ContentException.MalformedValue(HEADER + " is agent;requestedAtMillis;signature");
        }
        return new RelayRequest(Address.parse(parts[0]), segment, Long.parseLong(parts[1]), parts[2]);
    }

    public String header() {
        return agent + ";" + requestedAtMillis + ";" + signature;
    }

    public String signedText() {
        return SignedMessages.text(SignedMessages.RELAY_REQUEST, new CanonicalWriter(96).str("shoal-relay-request/1")
                .raw(agent.bytes()).digest(segment).u64(requestedAtMillis).sha256());
    }

    /** The relay that signed, once the signature names it and the time is fresh at {@code nowMillis}. */
    public Address verify(long nowMillis) {
        if (Math.abs(nowMillis - requestedAtMillis) > FRESH_MILLIS) {
            throw new ContentException.MalformedValue("the relay request was signed " + (nowMillis - requestedAtMillis)
                    + " ms from now; at most " + FRESH_MILLIS + " ms either way");
        }
        Address signer = Signature.fromHex(signature).recoverSigner(signedText());
        if (!signer.equals(agent)) {
            throw new ContentException.SignatureMismatch(SignedMessages.RELAY_REQUEST, "the relay request names " + agent
                    + " but is signed by " + signer);
        }
        return signer;
    }
}
