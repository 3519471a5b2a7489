package dev.shoal.contracts.market;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;

import java.time.Clock;
import java.util.List;

/**
 * "Still here", with the store's figures and the contents held. {@code sequence} grows by one per heartbeat
 * of one agent process run and lets the marketplace drop duplicates of a retried one.
 *
 * @param contents content ids (hex) the agent holds completely
 */
public record Heartbeat(int version, String agent, long sequence, long issuedAtMillis, long capacityBytes,
                        long usedBytes, long pinnedBytes, List<String> contents, String signature) {

    public Heartbeat {
        contents = contents == null ? List.of() : List.copyOf(contents);
    }

    public static Heartbeat sign(SigningKey key, long sequence, long capacityBytes, long usedBytes, long pinnedBytes,
                                 List<String> contents, Clock clock) {
        Heartbeat unsigned = new Heartbeat(1, key.address().toString(), sequence, clock.millis(), capacityBytes,
                usedBytes, pinnedBytes, contents, null);
        String sig = key.sign(MarketSignatures.text(MarketSignatures.HEARTBEAT, unsigned.digest())).hex();
        return new Heartbeat(1, unsigned.agent, sequence, unsigned.issuedAtMillis, capacityBytes, usedBytes,
                pinnedBytes, unsigned.contents, sig);
    }

    public Sha256 digest() {
        CanonicalWriter w = new CanonicalWriter(128 + contents.size() * 33).str("shoal-heartbeat/1").u32(version)
                .raw(Address.parse(agent).bytes()).u64(sequence).u64(issuedAtMillis).u64(capacityBytes)
                .u64(usedBytes).u64(pinnedBytes).u32(contents.size());
        for (String c : contents) {
            w.digest(Sha256.fromHex(c));
        }
        return w.sha256();
    }

    public Address verify() {
        return MarketSignatures.verify(MarketSignatures.HEARTBEAT, digest(), agent, signature);
    }
}
