package dev.shoal.gateway.tips;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.contracts.identity.Address;
import io.smallrye.mutiny.Uni;
import org.assertj.core.api.ThrowableAssert;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** What the tip services' fast tests share: settings, the chain directory, a stored tip, refusals. */
final class TipFixtures {

    static final long CHAIN_ID = 31337;
    static final String CONTENT = "ab".repeat(32);
    static final String TIPPER = "0x1111111111111111111111111111111111111111";
    static final String SPLITTER = "0x2222222222222222222222222222222222222222";
    static final String LOCATOR = "0x3333333333333333333333333333333333333333";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:30:00Z"), ZoneOffset.UTC);

    private TipFixtures() {
    }

    static GatewayConfig config() {
        GatewayConfig config = mock(GatewayConfig.class, RETURNS_DEEP_STUBS);
        when(config.chain().chainId()).thenReturn(CHAIN_ID);
        when(config.tips().maxAmountWei()).thenReturn(BigInteger.TEN.pow(20));
        when(config.tips().maxReceipts()).thenReturn(64);
        when(config.tips().receiptWindow()).thenReturn(Duration.ofHours(6));
        return config;
    }

    static Uni<ChainDirectory.Directory> directory() {
        return Uni.createFrom().item(new ChainDirectory.Directory(CHAIN_ID, Address.parse(SPLITTER), Address.parse(LOCATOR)));
    }

    /** A tip prepared before, as the ledger stores it. */
    static Tip tip(UUID tipId, String requestHash) {
        Tip tip = new Tip();
        tip.tipId = tipId;
        tip.ref = "0x" + "cd".repeat(32);
        tip.requestHash = requestHash;
        tip.contentId = CONTENT;
        tip.session = "s-1";
        tip.tipper = TIPPER;
        tip.creator = "0x4444444444444444444444444444444444444444";
        tip.servingNode = TipRequests.ZERO_ADDRESS;
        tip.locator = LOCATOR;
        tip.amountWei = BigInteger.valueOf(1_000);
        tip.creatorWei = BigInteger.valueOf(950);
        tip.servingWei = BigInteger.ZERO;
        tip.locatorWei = BigInteger.valueOf(50);
        tip.ticketNonce = "ee".repeat(32);
        tip.chainId = CHAIN_ID;
        tip.tipSplitter = SPLITTER;
        tip.calldata = "0xcafe";
        tip.status = TipStatus.PREPARED;
        tip.preparedAt = OffsetDateTime.now(CLOCK);
        return tip;
    }

    static ProblemException refused(ProblemType type, ThrowableAssert.ThrowingCallable call) {
        ProblemException e = catchThrowableOfType(ProblemException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
        return e;
    }
}
