package dev.shoal.service.scheduling;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FailureLogTests {

    private final FailureLog failures = new FailureLog(Logger.getLogger(FailureLogTests.class), "a test job");

    @Test
    void aFailedRoundIsRecordedNotThrownAndTheNextGoodRoundClearsIt() {
        AtomicInteger rounds = new AtomicInteger();
        assertThatCode(() -> failures.run(() -> {
            rounds.incrementAndGet();
            throw new IllegalStateException("down");
        })).doesNotThrowAnyException();
        assertThat(failures.failing()).isTrue();
        failures.run(rounds::incrementAndGet);
        assertThat(failures.failing()).isFalse();
        assertThat(rounds).hasValue(2);
    }
}
