package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import dev.shoal.marketplace.chain.SponsorshipCalls;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The advertiser page offers Cancel sponsorship where the contract allows it: a FUNDED sponsorship whose term has not ended. */
class AdvertiserCancelTests {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static ForkView fork(String forkId, ForkView.Funding funding, Instant termEnd) {
        return new ForkView("id-" + forkId, forkId, "t", "CONSENTED", null, null, "a", "0x" + "1".repeat(40), "c", "0x" + "2".repeat(40),
                List.of(), List.of(), "1", "0.000001", 5, 0, NOW.minusSeconds(60).toString(), termEnd.toString(), false, NOW.toString(),
                NOW.toString(), null, null, funding);
    }

    @Test
    void onlyAFundedSponsorshipBeforeItsTermsEndCanBeCancelled() {
        String sponsorship = "0x" + "3".repeat(40);
        ForkView.Funding funded = ForkView.Funding.sponsored(BigInteger.TEN, "0x00", true, "0xtx").claimable(sponsorship, "0xclaim");
        String running = "a".repeat(64);
        String ended = "b".repeat(64);
        String cancelled = "c".repeat(64);
        String unfunded = "d".repeat(64);
        var cancels = ForkDashboardResource.cancels(List.of(
                fork(running, funded, NOW.plusSeconds(3600)),
                fork(ended, funded, NOW.minusSeconds(1)),
                fork(cancelled, funded.cancelled(BigInteger.ONE), NOW.plusSeconds(3600)),
                fork(unfunded, null, NOW.plusSeconds(3600))), NOW);
        assertThat(cancels).containsOnlyKeys(running);
        assertThat(cancels.get(running)).isEqualTo(SponsorshipCalls.cancel(running)).startsWith("0x");
    }
}
