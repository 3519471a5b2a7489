package dev.shoal.gateway.tips;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Receipts and tickets are checked one by one, and a refusal names what failed and why. */
class TipChecksTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Duration WINDOW = Duration.ofHours(6);
    static final Sha256 CONTENT = Sha256.of("the content".getBytes(StandardCharsets.UTF_8));
    static final String SESSION = "0123456789abcdef0123456789abcdef";

    final SigningKey agent = SigningKey.generate();
    final SigningKey other = SigningKey.generate();
    final SigningKey locator = SigningKey.generate();
    final Set<Address> holders = Set.of(agent.address(), other.address());

    static String header(SignedReceipt r) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(r.toJson().getBytes(StandardCharsets.UTF_8));
    }

    String receipt(SigningKey by, long bytes, String session, Clock clock) {
        return header(ServingReceipt.issue(CONTENT, Sha256.of(new byte[]{(byte) bytes}), bytes, session, clock, by));
    }

    String receipt(long bytes) {
        return receipt(agent, bytes, SESSION, CLOCK);
    }

    List<ServingReceipt> check(String... receipts) {
        return TipChecks.receipts(List.of(receipts), CONTENT.hex(), SESSION, holders, WINDOW, NOW);
    }

    static ProblemException refused(ProblemType type, ThrowableAssert.ThrowingCallable call) {
        ProblemException e = catchThrowableOfType(ProblemException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
        return e;
    }

    @Test
    void receiptsSignedByHoldersForThisSessionAndContentPass() {
        assertThat(check(receipt(100), receipt(other, 50, SESSION, CLOCK))).extracting(ServingReceipt::bytes).containsExactly(100L, 50L);
        assertThat(check()).isEmpty();
        // no padding, or padding: both are base64url
        String padded = Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(receipt(7)));
        assertThat(check(padded)).hasSize(1);
    }

    @Test
    void aReceiptResignedByAnotherKeyIsForgedAndTheRefusalNamesIt() throws Exception {
        ServingReceipt genuine = ServingReceipt.issue(CONTENT, Sha256.of(new byte[]{1}), 100, SESSION, CLOCK, agent).receipt();
        SigningKey forger = SigningKey.generate();
        String forged = header(new SignedReceipt(genuine, forger.sign(genuine.signedText())));
        ProblemException e = refused(ProblemType.RECEIPT_REJECTED, () -> check(receipt(1), forged));
        assertThat(e.getMessage()).contains("receipt #1", genuine.receiptId(), "signed by " + forger.address(), "forged or altered");
        assertThat(e.extensions()).containsEntry("receipt", 1);
    }

    @Test
    void aReceiptWithAlteredBytesNoLongerMatchesItsSignature() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(receipt(100)));
        json.put("bytes", 100_000_000L);
        String altered = Base64.getUrlEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(altered)).getMessage()).contains("receipt #0", "forged or altered");
    }

    @Test
    void aReceiptOfAnotherSessionOrContentDoesNotCount() {
        String elsewhere = receipt(agent, 100, "ffffffffffffffffffffffffffffffff", CLOCK);
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(receipt(5), elsewhere)).getMessage())
                .contains("receipt #1", "another viewing session");
        String otherContent = header(ServingReceipt.issue(Sha256.of(new byte[]{9}), Sha256.of(new byte[]{1}), 100, SESSION, CLOCK, agent));
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(otherContent)).getMessage()).contains("is for content");
    }

    @Test
    void aReceiptIssuedOutsideTheWindowIsTooOld() {
        String old = receipt(agent, 100, SESSION, Clock.fixed(NOW.minus(WINDOW).minusSeconds(1), ZoneOffset.UTC));
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(old)).getMessage()).contains("too old");
        String future = receipt(agent, 100, SESSION, Clock.fixed(NOW.plus(WINDOW).plusSeconds(1), ZoneOffset.UTC));
        refused(ProblemType.RECEIPT_REJECTED, () -> check(future));
        assertThat(check(receipt(agent, 100, SESSION, Clock.fixed(NOW.minus(WINDOW), ZoneOffset.UTC)))).hasSize(1);
    }

    @Test
    void aReceiptFromAnAgentThatHoldsNoActiveReplicaIsRefused() {
        SigningKey stranger = SigningKey.generate();
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(receipt(stranger, 100, SESSION, CLOCK))).getMessage())
                .contains(stranger.address().toString(), "does not hold an active replica");
    }

    @Test
    void aReceiptHandedInTwiceCountsOnceAndIsRefused() {
        String once = receipt(100);
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(once, receipt(3), once)).getMessage())
                .contains("receipt #2", "repeats receipt #0");
    }

    @Test
    void somethingThatIsNoReceiptIsRefusedByIndex() {
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(receipt(1), "%%%")).getMessage()).contains("receipt #1", "base64url");
        String notJson = Base64.getUrlEncoder().encodeToString("{\"receiptId\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(refused(ProblemType.RECEIPT_REJECTED, () -> check(notJson)).getMessage()).contains("receipt #0", "not a serving receipt");
        refused(ProblemType.RECEIPT_REJECTED, () -> check(""));
    }

    LocatorTicket ticket(SigningKey by, String content, Duration lifetime, Clock clock) {
        return LocatorTicket.issue(by, content, lifetime, clock);
    }

    @Test
    void aTicketSignedByTheTrustedLocatorForThisContentNamesTheLocator() {
        LocatorTicket t = ticket(locator, CONTENT.hex(), Duration.ofMinutes(30), CLOCK);
        assertThat(TipChecks.ticket(t, CONTENT.hex(), locator.address(), NOW.plus(Duration.ofMinutes(29)))).isEqualTo(locator.address());
    }

    @Test
    void anExpiredTicketIsRefusedAsExpired() {
        LocatorTicket t = ticket(locator, CONTENT.hex(), Duration.ofMinutes(30), CLOCK);
        ProblemException e = refused(ProblemType.TICKET_EXPIRED, () -> TipChecks.ticket(t, CONTENT.hex(), locator.address(),
                NOW.plus(Duration.ofMinutes(30))));
        assertThat(e.getMessage()).contains("expired at 2026-03-01T12:30:00Z", "/api/watch/" + CONTENT.hex());
    }

    @Test
    void aTicketOfAnotherLocatorOrContentOrAlteredIsRefused() {
        LocatorTicket foreign = ticket(SigningKey.generate(), CONTENT.hex(), Duration.ofMinutes(30), CLOCK);
        assertThat(refused(ProblemType.TICKET_REJECTED, () -> TipChecks.ticket(foreign, CONTENT.hex(), locator.address(), NOW))
                .getMessage()).contains("not by this marketplace's locator " + locator.address());

        String otherContent = Sha256.of(new byte[]{2}).hex();
        LocatorTicket elsewhere = ticket(locator, otherContent, Duration.ofMinutes(30), CLOCK);
        assertThat(refused(ProblemType.TICKET_REJECTED, () -> TipChecks.ticket(elsewhere, CONTENT.hex(), locator.address(), NOW))
                .getMessage()).contains("for content " + otherContent);

        LocatorTicket t = ticket(locator, CONTENT.hex(), Duration.ofMinutes(30), CLOCK);
        LocatorTicket extended = new LocatorTicket(t.version(), t.locator(), t.contentId(), t.issuedAtMillis(),
                t.expiresAtMillis() + 86_400_000L, t.nonce(), t.batch(), t.signature());
        assertThat(refused(ProblemType.TICKET_REJECTED, () -> TipChecks.ticket(extended, CONTENT.hex(), locator.address(), NOW))
                .getMessage()).contains("does not verify");

        LocatorTicket unsigned = new LocatorTicket(1, t.locator(), t.contentId(), t.issuedAtMillis(), t.expiresAtMillis(), t.nonce(), null, null);
        refused(ProblemType.TICKET_REJECTED, () -> TipChecks.ticket(unsigned, CONTENT.hex(), locator.address(), NOW));
        LocatorTicket pathless = new LocatorTicket(2, t.locator(), t.contentId(), t.issuedAtMillis(), t.expiresAtMillis(), t.nonce(), null,
                t.signature());
        refused(ProblemType.TICKET_REJECTED, () -> TipChecks.ticket(pathless, CONTENT.hex(), locator.address(), NOW));
        LocatorTicket future = new LocatorTicket(3, t.locator(), t.contentId(), t.issuedAtMillis(), t.expiresAtMillis(), t.nonce(), t.batch(),
                t.signature());
        assertThat(refused(ProblemType.TICKET_REJECTED, () -> TipChecks.ticket(future, CONTENT.hex(), locator.address(), NOW))
                .getMessage()).contains("version 3");
        refused(ProblemType.INVALID_REQUEST, () -> TipChecks.ticket(null, CONTENT.hex(), locator.address(), NOW));
    }

    @Test
    void anAmountIsAPositiveWholeNumberOfWeiWithinTheLimit() {
        BigInteger max = BigInteger.TEN.pow(20);
        assertThat(TipRequests.amount("1", max)).isEqualTo(BigInteger.ONE);
        assertThat(TipRequests.amount(max.toString(), max)).isEqualTo(max);
        for (String bad : new String[]{"0", "-1", "-0", "1.5", "1e18", "", " 1", "0x10", "abc", max.add(BigInteger.ONE).toString()}) {
            refused(ProblemType.INVALID_REQUEST, () -> TipRequests.amount(bad, max));
        }
        refused(ProblemType.INVALID_REQUEST, () -> TipRequests.amount(null, max));
    }
}
