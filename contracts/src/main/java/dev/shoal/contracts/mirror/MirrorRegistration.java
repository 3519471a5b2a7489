package dev.shoal.contracts.mirror;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;

import java.time.Clock;

/**
 * A registrant's signed statement that a mirror serves (action {@code add}) or no longer serves ({@code remove}) a
 * content's segments. The marketplace takes it only from the content's creator, only once, and only while fresh.
 *
 * @param url            the mirror's URL template ({@link MirrorTemplate}), as the registrant signed it
 * @param registrant     the address that signs; the content's creator
 * @param issuedAtMillis when it was signed; the marketplace refuses one older than its window (or from the future)
 * @param signature      EIP-191 personal_sign over {@code "Shoal mirror v1\n" + hex(digest())}
 */
public record MirrorRegistration(int version, String action, String contentId, String url, String registrant,
                                 long issuedAtMillis, String signature) {

    public static final int VERSION = 1;
    public static final String ADD = "add";
    public static final String REMOVE = "remove";
    public static final String KIND = "mirror";

    public static MirrorRegistration sign(SigningKey key, String action, Sha256 contentId, MirrorTemplate url, Clock clock) {
        MirrorRegistration unsigned = new MirrorRegistration(VERSION, action, contentId.hex(), url.template(),
                key.address().toString(), clock.millis(), null);
        String sig = key.sign(SignedMessages.text(KIND, unsigned.digest())).hex();
        return new MirrorRegistration(VERSION, action, unsigned.contentId, unsigned.url, unsigned.registrant,
                unsigned.issuedAtMillis, sig);
    }

    /** The mirror's template, checked. */
    public MirrorTemplate template() {
        return new MirrorTemplate(url);
    }

    public Sha256 content() {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            throw new ContentException.MalformedValue("a content id is 64 lowercase hex digits");
        }
        return Sha256.fromHex(contentId);
    }

    /** SHA-256 of the canonical encoding: what the signature covers, and what identifies it against replays. */
    public Sha256 digest() {
        if (version != VERSION) {
            throw new ContentException.MalformedValue("mirror registration version " + version + " is not " + VERSION);
        }
        if (!ADD.equals(action) && !REMOVE.equals(action)) {
            throw new ContentException.MalformedValue("a mirror registration's action is add or remove, not " + action);
        }
        return new CanonicalWriter(256).str("shoal-mirror/1").u32(version).str(action).digest(content())
                .str(template().template()).raw(Address.parse(registrant).bytes()).u64(issuedAtMillis).sha256();
    }

    /**
     * The registrant, once the signature is shown to be theirs over these very fields.
     *
     * @throws ContentException.SignatureMismatch signed by another key, or over other fields
     * @throws ContentException.MalformedValue    a field is not well formed
     */
    public Address verify() {
        if (signature == null || signature.isBlank()) {
            throw new ContentException.SignatureMismatch(KIND, "the mirror registration carries no signature");
        }
        Sha256 digest = digest();
        Address named = Address.parse(registrant);
        Address signer = Signature.fromHex(signature).recoverSigner(SignedMessages.text(KIND, digest));
        if (!signer.equals(named)) {
            throw new ContentException.SignatureMismatch(KIND, "the mirror registration names " + named + " but is signed by " + signer);
        }
        return named;
    }
}
