package dev.shoal.agent.live;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.RelayRequest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who a shielded origin serves a room's segment to: a fresh request signed by one of the room's listed relays, nobody else. */
class ShieldedOriginTests {

    private static final SigningKey RELAY = SigningKey.generate();
    private static final SigningKey STRANGER = SigningKey.generate();
    private static final Sha256 SEGMENT = Sha256.of("segment".getBytes(StandardCharsets.UTF_8));
    private static final ShieldedOrigin.Known LISTED = new ShieldedOrigin.Known(true, Set.of(RELAY.address()));
    private static final long NOW = 1_000_000;

    private static String signed(SigningKey key, Sha256 segment, long at) {
        return RelayRequest.sign(key, segment, at).header();
    }

    @Test
    void aListedRelaysFreshRequestIsServed() {
        assertThatCode(() -> ShieldedOrigin.check("r", true, LISTED, SEGMENT, signed(RELAY, SEGMENT, NOW - 1000), NOW)).doesNotThrowAnyException();
    }

    @Test
    void aRoomThatDoesNotShieldServesAnyone() {
        assertThatCode(() -> ShieldedOrigin.check("r", false, null, SEGMENT, null, NOW)).doesNotThrowAnyException();
    }

    @Test
    void theShieldHoldsWhileTheRoomIsOnTheAirAndLiftsOnceItEnded() {
        assertThat(ShieldedOrigin.shielded(false, true, true, null)).isTrue();
        assertThat(ShieldedOrigin.shielded(false, false, true, null)).as("the gateway not asked yet").isTrue();
        assertThat(ShieldedOrigin.shielded(false, false, true, LISTED)).isTrue();
        assertThat(ShieldedOrigin.shielded(false, false, true, new ShieldedOrigin.Known(false, Set.of()))).isFalse();
        // ended: the recording is served like any content, whatever the room was
        assertThat(ShieldedOrigin.shielded(true, true, true, LISTED)).isFalse();
        assertThat(ShieldedOrigin.shielded(true, true, true, null)).isFalse();
    }

    @Test
    void aSegmentTwoRoomsHoldIsServedWhenEitherWouldServeIt() {
        // the same test pattern pushed to a shielded room, then to an open one: identical bytes, one segment
        ShieldedOrigin.Holder shieldedRoom = new ShieldedOrigin.Holder("shielded", true, LISTED);
        ShieldedOrigin.Holder openRoom = new ShieldedOrigin.Holder("open", false, null);
        assertThatCode(() -> ShieldedOrigin.check(java.util.List.of(shieldedRoom, openRoom), SEGMENT, null, NOW))
                .as("a viewer of the open room").doesNotThrowAnyException();
        assertThatCode(() -> ShieldedOrigin.check(java.util.List.of(shieldedRoom, new ShieldedOrigin.Holder("other", true, null)), SEGMENT,
                signed(RELAY, SEGMENT, NOW), NOW)).as("a relay of one of two shielded rooms").doesNotThrowAnyException();
        assertThatThrownBy(() -> ShieldedOrigin.check(java.util.List.of(shieldedRoom, new ShieldedOrigin.Holder("other", true, LISTED)), SEGMENT, null, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN);
                    assertThat(e.getMessage()).contains("room shielded shields its origin");
                });
        assertThatCode(() -> ShieldedOrigin.check(java.util.List.of(), SEGMENT, null, NOW)).as("not a live segment here").doesNotThrowAnyException();
    }

    @Test
    void everythingElseIsForbidden() {
        forbidden(null, LISTED);
        forbidden("", LISTED);
        forbidden("garbage", LISTED);
        forbidden(signed(STRANGER, SEGMENT, NOW), LISTED);
        forbidden(signed(RELAY, SEGMENT, NOW - RelayRequest.FRESH_MILLIS - 1), LISTED);
        forbidden(signed(RELAY, Sha256.of(new byte[] {1}), NOW), LISTED);
        // the gateway has not answered yet, or no longer lists the relay
        forbidden(signed(RELAY, SEGMENT, NOW), null);
        forbidden(signed(RELAY, SEGMENT, NOW), new ShieldedOrigin.Known(true, Set.of()));
    }

    private static void forbidden(String header, ShieldedOrigin.Known known) {
        assertThatThrownBy(() -> ShieldedOrigin.check("r", true, known, SEGMENT, header, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> org.assertj.core.api.Assertions.assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
    }
}
