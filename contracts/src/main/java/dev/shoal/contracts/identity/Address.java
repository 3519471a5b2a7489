package dev.shoal.contracts.identity;

import dev.shoal.contracts.error.ContentException;
import org.web3j.crypto.Keys;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/** A 20-byte Ethereum address: who a creator or agent is, and where payouts go. */
public final class Address {

    public static final int LENGTH = 20;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Address(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses 0x + 40 hex digits. Mixed case must carry a valid EIP-55 checksum; all-lower or all-upper is accepted. */
    public static Address parse(String text) {
        if (text == null || !(text.startsWith("0x") || text.startsWith("0X")) || text.length() != 2 + 2 * LENGTH) {
            throw new ContentException.MalformedValue("an address is 0x and 40 hex digits, got "
                    + (text == null ? "none" : "'" + shorten(text) + "'"));
        }
        String hex = text.substring(2);
        byte[] b;
        try {
            b = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new ContentException.MalformedValue("not a hex address: " + shorten(text));
        }
        Address a = new Address(b);
        boolean mixed = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixed && !a.toString().equals("0x" + hex)) {
            throw new ContentException.MalformedValue("bad EIP-55 checksum in address " + text);
        }
        return a;
    }

    public static Address wrap(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new ContentException.MalformedValue("an address is 20 bytes");
        }
        return new Address(bytes.clone());
    }

    /**
     * An address as people read it in a line of text, {@code 0x1234…abcd} (the first and last 4 hex digits, in the case
     * given); anything shorter than that, as it is. The full address goes beside it (a title, a copy button).
     */
    public static String shortened(String address) {
        return address == null || address.length() < 14 ? String.valueOf(address)
                : address.substring(0, 6) + "…" + address.substring(address.length() - 4);
    }

    private static String shorten(String s) {
        return s.length() <= 48 ? s : s.substring(0, 48) + "...";
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** 0x + 40 lowercase hex digits. */
    public String lowerHex() {
        return "0x" + HEX.formatHex(bytes);
    }

    /** EIP-55 checksummed form, as wallets show it. */
    @Override
    public String toString() {
        return Keys.toChecksumAddress(HEX.formatHex(bytes));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
