package dev.shoal.contracts.identity;

import dev.shoal.contracts.error.ContentException;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 65-byte secp256k1 signature (r || s || v, v = 27 or 28) made with EIP-191 {@code personal_sign}
 * over a UTF-8 text message: exactly what {@code ethers.Wallet.signMessage(text)} and browser wallets produce,
 * and what {@code ethers.verifyMessage(text, sig)} checks.
 */
public final class Signature {

    public static final int LENGTH = 65;
    private static final HexFormat HEX = HexFormat.of();
    /** secp256k1 group order / 2: larger s values are the malleable twin, rejected as ethers does. */
    private static final BigInteger HALF_N = new BigInteger(
            "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);

    private final byte[] bytes;

    private Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    static Signature of(Sign.SignatureData data) {
        byte[] b = new byte[LENGTH];
        System.arraycopy(data.getR(), 0, b, 0, 32);
        System.arraycopy(data.getS(), 0, b, 32, 32);
        b[64] = data.getV()[0];
        return new Signature(b);
    }

    /** Parses 0x + 130 hex digits (v may be 0/1 or 27/28). */
    public static Signature fromHex(String text) {
        if (text == null) {
            throw new ContentException.SignatureMalformed("no signature");
        }
        String h = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (h.length() != 2 * LENGTH) {
            throw new ContentException.SignatureMalformed("a signature is 65 bytes (130 hex digits), got "
                    + h.length() + " digits");
        }
        try {
            return wrap(HEX.parseHex(h));
        } catch (IllegalArgumentException e) {
            throw new ContentException.SignatureMalformed("signature is not hex");
        }
    }

    public static Signature wrap(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new ContentException.SignatureMalformed("a signature is 65 bytes");
        }
        byte[] b = raw.clone();
        if (b[64] == 0 || b[64] == 1) {
            b[64] += 27;
        }
        if (b[64] != 27 && b[64] != 28) {
            throw new ContentException.SignatureMalformed("signature recovery id v must be 27 or 28, got " + b[64]);
        }
        return new Signature(b);
    }

    /**
     * The address whose key made this signature over {@code message} (EIP-191 personal_sign).
     * A different message or a forged signature recovers some other address, or none (SignatureMalformed).
     */
    public Address recoverSigner(String message) {
        return recover(message.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * The address whose key made this signature over the 32-byte {@code digest} as it is (no EIP-191 prefix): EIP-712
     * typed data, as {@code ecrecover} reads it.
     */
    public Address recoverDigestSigner(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
        return recover(digest, false);
    }

    private Address recover(byte[] signed, boolean prefixed) {
        byte[] r = Arrays.copyOfRange(bytes, 0, 32);
        byte[] s = Arrays.copyOfRange(bytes, 32, 64);
        BigInteger rv = new BigInteger(1, r);
        BigInteger sv = new BigInteger(1, s);
        if (rv.signum() == 0 || sv.signum() == 0 || sv.compareTo(HALF_N) > 0) {
            throw new ContentException.SignatureMalformed("signature has r or s out of range (or a non-canonical high s)");
        }
        try {
            Sign.SignatureData data = new Sign.SignatureData(bytes[64], r, s);
            BigInteger key = prefixed ? Sign.signedPrefixedMessageToKey(signed, data) : Sign.signedMessageHashToKey(signed, data);
            return Address.wrap(HEX.parseHex(Keys.getAddress(key)));
        } catch (java.security.SignatureException | RuntimeException e) {
            throw new ContentException.SignatureMalformed("no key can be recovered from the signature: " + e.getMessage());
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** 0x + 130 hex digits, v as 1b/1c: the form ethers produces. */
    public String hex() {
        return "0x" + HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
