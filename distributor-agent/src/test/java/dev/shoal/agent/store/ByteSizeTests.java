package dev.shoal.agent.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTests {

    @Test
    void readsTheWaysOperatorsWriteSizes() {
        assertThat(ByteSize.parse("50GB")).isEqualTo(50_000_000_000L);
        assertThat(ByteSize.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1.5 TB")).isEqualTo(1_500_000_000_000L);
        assertThat(ByteSize.parse("500mb")).isEqualTo(500_000_000L);
        assertThat(ByteSize.parse("1048576")).isEqualTo(1048576L);
        assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("-1GB")).isInstanceOf(IllegalArgumentException.class);
    }
}
