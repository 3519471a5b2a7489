package dev.shoal.marketplace.upload;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Creators fund from their wallets; uploads in small chunks (so one can be cut off midway) with a small limit. */
public class UploadProfile implements QuarkusTestProfile {

    static final int CHUNK = 64 * 1024;
    static final long MAX = 3L << 20;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shoal.settlement.funding", "creator",
                "shoal.uploads.chunk-bytes", Integer.toString(CHUNK),
                "shoal.uploads.max-bytes", Long.toString(MAX),
                "shoal.uploads.preset", "ultrafast");
    }
}
