package dev.shoal.gateway.tracker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BinaryIdTests {

    @Test
    void twentyCharactersOfOneByteEachAreAnId() {
        assertThat(BinaryId.valid("\u0000".repeat(20))).isTrue();
        assertThat(BinaryId.valid("\u00ff".repeat(20))).isTrue();
        assertThat(BinaryId.valid("-PM0203-abcdefghijkl")).isTrue();
    }

    @Test
    void otherLengthsAndWideCharactersAreNot() {
        assertThat(BinaryId.valid(null)).isFalse();
        assertThat(BinaryId.valid("a".repeat(19))).isFalse();
        assertThat(BinaryId.valid("a".repeat(21))).isFalse();
        assertThat(BinaryId.valid("a".repeat(19) + "\u0100")).isFalse();
        assertThat(BinaryId.valid("a".repeat(18) + "\ud83d\ude00")).isFalse();
    }

    @Test
    void hexShowsTheBytes() {
        assertThat(BinaryId.hex("\u0000\u007f\u0080\u00ff")).isEqualTo("007f80ff");
    }
}
