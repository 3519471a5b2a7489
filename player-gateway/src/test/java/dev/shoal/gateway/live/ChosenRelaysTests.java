package dev.shoal.gateway.live;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay agents a room's creator chose: the list checked, and who is taken, ranked and listed with it and without. */
class ChosenRelaysTests {

    private static final String A = SigningKey.generate().address().toString();
    private static final String B = SigningKey.generate().address().toString();
    private static final String C = SigningKey.generate().address().toString();

    private static LiveRelay relay(String agent) {
        LiveRelay r = new LiveRelay();
        r.roomId = UUID.randomUUID();
        r.agent = agent;
        r.relayUrl = "http://" + agent;
        r.held = "{\"hi\":10}";
        r.heardAt = OffsetDateTime.now();
        return r;
    }

    @Test
    void noListLetsAnyAgentRelay() {
        assertThat(ChosenRelays.parse(null)).isNull();
        assertThat(ChosenRelays.column(null)).isNull();
        assertThat(ChosenRelays.of(null)).isNull();
        assertThat(ChosenRelays.admits(null, C)).isTrue();
        assertThat(ChosenRelays.admitted(null, List.of(relay(A), relay(C)))).hasSize(2);
    }

    @Test
    void aListAdmitsOnlyTheChosenInWhateverCaseTheyAreWritten() {
        List<String> chosen = ChosenRelays.parse(List.of(A.toLowerCase(Locale.ROOT), " " + B + " ", A));
        assertThat(chosen).as("normalised to the checksummed form, each once").containsExactly(A, B);
        assertThat(ChosenRelays.of(ChosenRelays.column(chosen))).isEqualTo(chosen);
        assertThat(ChosenRelays.admits(chosen, A)).isTrue();
        assertThat(ChosenRelays.admits(chosen, B.toLowerCase(Locale.ROOT))).isTrue();
        assertThat(ChosenRelays.admits(chosen, C)).isFalse();
        assertThat(ChosenRelays.admitted(chosen, List.of(relay(A), relay(C), relay(B))).stream().map(r -> r.agent)).containsExactly(A, B);
    }

    @Test
    void aChangedListDropsTheAgentNoLongerChosen() {
        List<LiveRelay> heard = List.of(relay(A), relay(B));
        List<String> before = ChosenRelays.parse(List.of(A, B));
        List<String> after = ChosenRelays.parse(List.of(B, C));
        assertThat(ChosenRelays.admitted(before, heard).stream().map(r -> r.agent)).containsExactly(A, B);
        assertThat(ChosenRelays.admitted(after, heard).stream().map(r -> r.agent)).containsExactly(B);
        assertThat(ChosenRelays.admits(after, A)).isFalse();
        assertThat(ChosenRelays.admits(after, C)).isTrue();
    }

    @Test
    void anEmptyListABadAddressOrMoreThanEightAreRefusedNamingWhy() {
        assertProblem(() -> ChosenRelays.parse(List.of()), "at least one");
        assertProblem(() -> ChosenRelays.parse(List.of(A, "agent-2")), "\"agent-2\" is not an agent's address");
        assertProblem(() -> ChosenRelays.parse(List.of("0x1234")), "\"0x1234\"");
        assertProblem(() -> ChosenRelays.parse(List.of(typo(A))), "is not an agent's address");
        List<String> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(SigningKey.generate().address().toString());
        }
        assertProblem(() -> ChosenRelays.parse(nine), "at most 8");
        assertThat(ChosenRelays.parse(nine.subList(0, 8))).hasSize(8);
    }

    /** A checksummed address with the case of one letter flipped (still mixed case): a typo rather than an agent. */
    private static String typo(String address) {
        for (int i = 2; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.isLetter(c)) {
                String t = address.substring(0, i) + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                        + address.substring(i + 1);
                if (!t.equals(t.toLowerCase(Locale.ROOT)) && !t.equals(t.toUpperCase(Locale.ROOT).replace("0X", "0x"))) {
                    return t;
                }
            }
        }
        return "0xZZ" + address.substring(4);
    }

    private static void assertProblem(Runnable call, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(detail);
        });
    }
}
