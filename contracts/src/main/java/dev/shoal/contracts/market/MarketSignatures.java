package dev.shoal.contracts.market;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;

/** Signing kinds of the market wire format, and the one check every signed market message makes. */
final class MarketSignatures {

    static final String REGISTRATION = "registration";
    static final String HEARTBEAT = "heartbeat";
    static final String DEAL_REPORT = "deal-report";
    static final String LOCATOR_TICKET = "locator-ticket";
    static final String LOCATOR_TICKET_BATCH = "locator-ticket-batch";

    private MarketSignatures() {
    }

    static String text(String kind, Sha256 digest) {
        return SignedMessages.text(kind, digest);
    }

    /** The address named in the message, once the signature is shown to recover to it. */
    static Address verify(String kind, Sha256 digest, String agent, String signature) {
        if (signature == null || signature.isBlank()) {
            throw new ContentException.SignatureMismatch(kind, "the " + kind + " carries no signature");
        }
        Address named = Address.parse(agent);
        Address signer = Signature.fromHex(signature).recoverSigner(text(kind, digest));
        if (!signer.equals(named)) {
            throw new ContentException.SignatureMismatch(kind, "the " + kind + " names agent " + named
                    + " but is signed by " + signer);
        }
        return named;
    }
}
