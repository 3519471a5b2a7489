package dev.shoal.agent.serving;

import dev.shoal.contracts.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteRangeTests {

    @Test
    void readsTheThreeFormsOfASingleRange() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=900-", 1000)).isEqualTo(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).isEqualTo(new ByteRange(990, 999));
        assertThat(ByteRange.parse(null, 1000)).isNull();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).as("several ranges: the whole segment").isNull();
    }

    @Test
    void invertedPastTheEndEmptyAndMalformedRangesAreUnsatisfiable() {
        for (String bad : new String[]{"bytes=10-5", "bytes=1000-", "bytes=1000-1001", "bytes=-0", "bytes=-",
                "bytes=a-b", "items=0-1", "bytes=99999999999999999999-"}) {
            assertThatThrownBy(() -> ByteRange.parse(bad, 1000)).as(bad).isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).type().status()).isEqualTo(416);
        }
    }
}
