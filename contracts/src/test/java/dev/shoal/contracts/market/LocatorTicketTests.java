package dev.shoal.contracts.market;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tickets signed in a batch: one signature over a Merkle root, each ticket with its own path, each verifying alone. */
class LocatorTicketTests {

    private static final SigningKey LOCATOR = SigningKey.generate();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private static String content(int i) {
        return Sha256.of(new byte[]{(byte) i}).hex();
    }

    private static List<LocatorTicket> batch(int n) {
        List<LocatorTicket> unsigned = IntStream.range(0, n)
                .mapToObj(i -> LocatorTicket.unsigned(LOCATOR.address(), content(i % 3), LIFETIME, CLOCK)).toList();
        return LocatorTicket.signBatch(LOCATOR, unsigned);
    }

    @Test
    void everyTicketOfABatchVerifiesAloneWithOneSignatureForAll() {
        for (int n : new int[]{1, 2, 3, 7, 64, 255}) {
            List<LocatorTicket> tickets = batch(n);
            assertThat(tickets).hasSize(n);
            assertThat(tickets).extracting(LocatorTicket::signature).as("one signature per batch").containsOnly(tickets.get(0).signature());
            assertThat(tickets).extracting(LocatorTicket::nonce).doesNotHaveDuplicates();
            for (LocatorTicket t : tickets) {
                assertThat(t.version()).isEqualTo(LocatorTicket.BATCHED);
                assertThat(t.verify()).isEqualTo(LOCATOR.address());
            }
        }
        assertThat(LocatorTicket.issue(LOCATOR, content(1), LIFETIME, CLOCK).batch()).as("a batch of one: its root is its digest").isEmpty();
    }

    @Test
    void aTicketWithAnotherTicketsPathOrAlteredFieldsDoesNotVerifyAsTheLocator() {
        List<LocatorTicket> tickets = batch(8);
        LocatorTicket a = tickets.get(2);
        LocatorTicket b = tickets.get(5);
        LocatorTicket swapped = new LocatorTicket(2, a.locator(), a.contentId(), a.issuedAtMillis(), a.expiresAtMillis(), a.nonce(),
                b.batch(), a.signature());
        assertThatThrownBy(swapped::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        LocatorTicket otherContent = new LocatorTicket(2, a.locator(), content(9), a.issuedAtMillis(), a.expiresAtMillis(), a.nonce(),
                a.batch(), a.signature());
        assertThatThrownBy(otherContent::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        List<LocatorTicket.BatchStep> shortened = new ArrayList<>(a.batch());
        shortened.remove(shortened.size() - 1);
        LocatorTicket cut = new LocatorTicket(2, a.locator(), a.contentId(), a.issuedAtMillis(), a.expiresAtMillis(), a.nonce(),
                shortened, a.signature());
        assertThatThrownBy(cut::verify).isInstanceOf(ContentException.SignatureMismatch.class);
    }

    @Test
    void malformedBatchPathsAreRefusedBeforeAnyWork() {
        LocatorTicket a = batch(4).get(1);
        List<LocatorTicket.BatchStep> deep = new ArrayList<>();
        for (int i = 0; i <= LocatorTicket.MAX_BATCH_DEPTH; i++) {
            deep.add(new LocatorTicket.BatchStep(false, 1, Sha256.of(new byte[]{(byte) i}).hex()));
        }
        for (List<LocatorTicket.BatchStep> bad : List.of(deep, List.of(new LocatorTicket.BatchStep(true, 0, a.batch().get(0).hash())))) {
            LocatorTicket t = new LocatorTicket(2, a.locator(), a.contentId(), a.issuedAtMillis(), a.expiresAtMillis(), a.nonce(), bad,
                    a.signature());
            assertThatThrownBy(t::verify).isInstanceOf(ContentException.MalformedValue.class);
        }
        LocatorTicket none = new LocatorTicket(2, a.locator(), a.contentId(), a.issuedAtMillis(), a.expiresAtMillis(), a.nonce(), null,
                a.signature());
        assertThatThrownBy(none::verify).isInstanceOf(ContentException.MalformedValue.class).hasMessageContaining("batch path");
    }

    @Test
    void onlyUnsignedTicketsOfTheSigningLocatorAreSignedInABatch() {
        LocatorTicket foreign = LocatorTicket.unsigned(SigningKey.generate().address(), content(1), LIFETIME, CLOCK);
        assertThatThrownBy(() -> LocatorTicket.signBatch(LOCATOR, List.of(foreign))).isInstanceOf(IllegalArgumentException.class);
        assertThat(LocatorTicket.signBatch(LOCATOR, List.of())).isEmpty();
    }
}
