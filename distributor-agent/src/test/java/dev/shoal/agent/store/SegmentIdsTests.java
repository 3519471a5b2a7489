package dev.shoal.agent.store;

import dev.shoal.contracts.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentIdsTests {

    static final String ID = "0123456789abcdef".repeat(4);

    @Test
    void acceptsSixtyFourHexDigitsOfEitherCase() {
        assertThat(SegmentIds.parse(ID).hex()).isEqualTo(ID);
        assertThat(SegmentIds.parse(ID.toUpperCase()).hex()).isEqualTo(ID);
    }

    @Test
    void refusesEverythingElseBeforeAnyFileIsTouched() {
        for (String bad : new String[] {null, "", ID.substring(1), ID + "0", ID.substring(1) + "g", ID.substring(1) + "/",
                "../" + ID.substring(3), ID.substring(1) + "\u0000", ID.substring(1) + "\uff10", ID.substring(3) + "%2f"}) {
            assertThatThrownBy(() -> SegmentIds.parse(bad)).as(String.valueOf(bad)).isInstanceOf(ProblemException.class);
        }
    }
}
