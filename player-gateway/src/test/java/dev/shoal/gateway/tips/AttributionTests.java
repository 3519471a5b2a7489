package dev.shoal.gateway.tips;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.receipt.ServingReceipt;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The serving node is the agent with the most receipted bytes of the session; ties go to the lowest address. */
class AttributionTests {

    static final Sha256 CONTENT = Sha256.of(new byte[]{1});
    static final String SESSION = "0123456789abcdef0123456789abcdef";

    static ServingReceipt served(SigningKey agent, long bytes) {
        return ServingReceipt.issue(CONTENT, Sha256.of(new byte[]{(byte) bytes}), bytes, SESSION, Clock.systemUTC(), agent).receipt();
    }

    @Test
    void theAgentWithTheMostBytesOverAllItsReceiptsServedTheSession() {
        SigningKey a = SigningKey.generate(), b = SigningKey.generate(), c = SigningKey.generate();
        // b has the largest single response, a the most bytes in total
        Attribution at = Attribution.of(List.of(served(a, 400), served(b, 900), served(a, 600), served(c, 10), served(a, 1)));
        assertThat(at.servingNode()).contains(a.address());
        assertThat(at.servedBytes()).isEqualTo(1001);
        assertThat(at.sessionBytes()).isEqualTo(1911);
        assertThat(at.bytesByAgent()).containsEntry(b.address().lowerHex(), 900L).containsEntry(c.address().lowerHex(), 10L);
    }

    @Test
    void aTieGoesToTheLowestAddressWhateverTheOrderOfTheReceipts() {
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(SigningKey.generate());
        }
        Address lowest = keys.stream().map(SigningKey::address).min(Comparator.comparing(Address::lowerHex)).orElseThrow();
        List<ServingReceipt> receipts = new ArrayList<>(keys.stream().map(k -> served(k, 500)).toList());
        for (int turn = 0; turn < 5; turn++) {
            java.util.Collections.rotate(receipts, 1);
            assertThat(Attribution.of(receipts).servingNode()).contains(lowest);
        }
    }

    @Test
    void aSessionWithoutReceiptsWasServedByPeersOnlyAndHasNoServingNode() {
        Attribution none = Attribution.of(List.of());
        assertThat(none.servingNode()).isEmpty();
        assertThat(none.servedBytes()).isZero();
        assertThat(none.sessionBytes()).isZero();
    }
}
