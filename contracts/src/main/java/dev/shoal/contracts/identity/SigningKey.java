package dev.shoal.contracts.identity;

import dev.shoal.contracts.error.ContentException;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A secp256k1 private key: a creator's (manifests, announcements) or an agent's (proofs, receipts). */
public final class SigningKey {

    private static final BigInteger N = new BigInteger(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    private final ECKeyPair pair;
    private final Address address;

    private SigningKey(ECKeyPair pair) {
        this.pair = pair;
        this.address = Address.wrap(HexFormat.of().parseHex(Keys.getAddress(pair)));
    }

    /** A 32-byte private key as 64 hex digits, with or without 0x. */
    public static SigningKey fromHex(String hex) {
        String h = hex == null ? "" : hex.strip();
        if (h.startsWith("0x") || h.startsWith("0X")) {
            h = h.substring(2);
        }
        if (h.length() != 64) {
            throw new ContentException.KeyInvalid("a private key is 64 hex digits (32 bytes), got " + h.length() + " characters");
        }
        BigInteger d;
        try {
            d = new BigInteger(1, HexFormat.of().parseHex(h));
        } catch (IllegalArgumentException e) {
            throw new ContentException.KeyInvalid("the private key is not hex");
        }
        if (d.signum() == 0 || d.compareTo(N) >= 0) {
            throw new ContentException.KeyInvalid("the private key is outside the secp256k1 range");
        }
        return new SigningKey(ECKeyPair.create(d));
    }

    /** Reads a key file holding the private key in hex (one line; blank lines and # comments ignored). */
    public static SigningKey fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ContentException.KeyInvalid("no key file at " + file);
        } catch (IOException | RuntimeException e) {
            throw new ContentException.KeyInvalid("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        String key = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .findFirst().orElse("");
        try {
            return fromHex(key);
        } catch (ContentException.KeyInvalid e) {
            throw new ContentException.KeyInvalid(file + ": " + e.getMessage());
        }
    }

    public static SigningKey generate() {
        try {
            return new SigningKey(Keys.createEcKeyPair(new SecureRandom()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a secp256k1 key", e);
        }
    }

    public Address address() {
        return address;
    }

    /** EIP-191 personal_sign over the UTF-8 bytes of {@code message}. */
    public Signature sign(String message) {
        return Signature.of(Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), pair));
    }

    /**
     * A signature over a 32-byte digest as it is, without EIP-191's prefix: what a wallet makes for EIP-712 typed data
     * ({@code eth_signTypedData_v4}) and what Solidity's {@code ecrecover} checks.
     */
    public Signature signDigest(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
        return Signature.of(Sign.signMessage(digest, pair, false));
    }

    /** The private key as 0x + 64 hex digits (to write a key file). */
    public String privateKeyHex() {
        return "0x" + HexFormat.of().formatHex(toBytes32(pair.getPrivateKey()));
    }

    private static byte[] toBytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    @Override
    public String toString() {
        return "SigningKey[" + address + "]";
    }
}
