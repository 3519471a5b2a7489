package dev.shoal.contracts.market;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;

import java.time.Clock;

/**
 * The agent's side of a deal's progress: TRANSFERRING when it starts fetching, ACTIVE when every segment is
 * stored and verified, FAILED (with a detail) when it gives up or the store refuses the content.
 */
public record DealReport(String dealId, String agent, String state, String detail, long issuedAtMillis, String signature) {

    public static final String TRANSFERRING = "TRANSFERRING";
    public static final String ACTIVE = "ACTIVE";
    public static final String FAILED = "FAILED";

    public static DealReport sign(SigningKey key, String dealId, String state, String detail, Clock clock) {
        DealReport unsigned = new DealReport(dealId, key.address().toString(), state, detail == null ? "" : detail,
                clock.millis(), null);
        String sig = key.sign(MarketSignatures.text(MarketSignatures.DEAL_REPORT, unsigned.digest())).hex();
        return new DealReport(dealId, unsigned.agent, state, unsigned.detail, unsigned.issuedAtMillis, sig);
    }

    public Sha256 digest() {
        return new CanonicalWriter(128).str("shoal-deal-report/1").str(dealId).raw(Address.parse(agent).bytes())
                .str(state).str(detail).u64(issuedAtMillis).sha256();
    }

    public Address verify() {
        return MarketSignatures.verify(MarketSignatures.DEAL_REPORT, digest(), agent, signature);
    }
}
