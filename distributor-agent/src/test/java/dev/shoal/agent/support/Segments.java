package dev.shoal.agent.support;

import dev.shoal.contracts.hash.Sha256;

import java.util.Random;

/** Random segment bytes for tests, reproducible by seed. */
public final class Segments {

    private Segments() {
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static Sha256 id(byte[] bytes) {
        return Sha256.of(bytes);
    }
}
