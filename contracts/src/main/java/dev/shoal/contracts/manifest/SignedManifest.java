package dev.shoal.contracts.manifest;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.identity.SigningKey;

/**
 * A manifest with its creator's signature: EIP-191 personal_sign over
 * {@code "Shoal manifest v1\n" + contentId}. Anyone holding it can check it came from {@link Manifest#creator()}.
 */
public record SignedManifest(Manifest manifest, Signature signature) {

    public SignedManifest {
        if (manifest == null || signature == null) {
            throw new ContentException.ManifestMalformed("a signed manifest needs a manifest and a signature");
        }
    }

    public static SignedManifest sign(Manifest manifest, SigningKey key) {
        if (!key.address().equals(manifest.creator())) {
            throw new ContentException.UnexpectedSigner(SignedMessages.MANIFEST, "the manifest names creator "
                    + manifest.creator() + " but the key is " + key.address());
        }
        return new SignedManifest(manifest, key.sign(signedText(manifest.contentId())));
    }

    /** The text the creator's wallet signs. */
    public static String signedText(Sha256 contentId) {
        return SignedMessages.text(SignedMessages.MANIFEST, contentId);
    }

    public Sha256 contentId() {
        return manifest.contentId();
    }

    /** Checks the signature recovers to the manifest's creator; returns this for chaining. */
    public SignedManifest verify() {
        Address signer = signature.recoverSigner(signedText(manifest.contentId()));
        if (!signer.equals(manifest.creator())) {
            throw new ContentException.SignatureMismatch(SignedMessages.MANIFEST, "manifest " + contentId()
                    + " names creator " + manifest.creator() + " but its signature is by " + signer
                    + " (tampered, or signed with another key)");
        }
        return this;
    }

    /** {@link #verify()}, and the creator must be {@code expected}. */
    public SignedManifest verify(Address expected) {
        verify();
        if (!manifest.creator().equals(expected)) {
            throw new ContentException.UnexpectedSigner(SignedMessages.MANIFEST, "manifest " + contentId()
                    + " is signed by " + manifest.creator() + ", not " + expected);
        }
        return this;
    }

    /** Canonical encoding followed by the 65 signature bytes. */
    public byte[] encode() {
        byte[] body = manifest.encode();
        byte[] sig = signature.bytes();
        byte[] out = new byte[body.length + sig.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(sig, 0, out, body.length, sig.length);
        return out;
    }

    /** Decodes {@link #encode()} output and verifies the signature. */
    public static SignedManifest decode(byte[] bytes) {
        if (bytes == null || bytes.length < Signature.LENGTH) {
            throw new ContentException.ManifestMalformed("too short for a signed manifest");
        }
        int n = bytes.length - Signature.LENGTH;
        Manifest m = Manifest.decode(java.util.Arrays.copyOf(bytes, n));
        Signature s = Signature.wrap(java.util.Arrays.copyOfRange(bytes, n, bytes.length));
        return new SignedManifest(m, s).verify();
    }

    /** The JSON form (see {@link ManifestJson}). */
    public String toJson() {
        return ManifestJson.write(this);
    }

    /** Parses and verifies the JSON form. */
    public static SignedManifest fromJson(String json) {
        return ManifestJson.read(json);
    }
}
