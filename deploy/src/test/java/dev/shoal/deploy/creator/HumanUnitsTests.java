package dev.shoal.deploy.creator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HumanUnitsTests {

    @Test
    void sizes() {
        assertThat(HumanUnits.size(999)).isEqualTo("999 B");
        assertThat(HumanUnits.size(850_400)).isEqualTo("850 kB");
        assertThat(HumanUnits.size(3_456_789)).isEqualTo("3.46 MB");
        assertThat(HumanUnits.size(12_345_678)).isEqualTo("12.3 MB");
        assertThat(HumanUnits.size(2_700_000_000L)).isEqualTo("2.70 GB");
    }

    @Test
    void durations() {
        assertThat(HumanUnits.duration(20.02)).isEqualTo("0:20");
        assertThat(HumanUnits.duration(725)).isEqualTo("12:05");
        assertThat(HumanUnits.duration(3723)).isEqualTo("1:02:03");
    }

    @Test
    void dates() {
        assertThat(HumanUnits.date("2026-12-04T11:40:05.123+01:00")).isEqualTo("2026-12-04 10:40 UTC");
        assertThat(HumanUnits.date("2026-12-04T11:40:05Z")).isEqualTo("2026-12-04 11:40 UTC");
        assertThat(HumanUnits.date("yesterday")).isEqualTo("yesterday");
    }
}
