package dev.shoal.media.ffmpeg;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LadderTests {

    @Test
    void aFullHdSourceGetsThreeRungs() {
        assertThat(Ladder.of(new VideoSource(1920, 1080, 25, 60, true))).containsExactly(
                new Rung("1080p", 1920, 1080, 5000, 128), new Rung("720p", 1280, 720, 2800, 128), new Rung("360p", 640, 360, 800, 96));
    }

    @Test
    void neverAboveTheSource() {
        assertThat(Ladder.of(new VideoSource(1280, 720, 30, 20, true))).extracting(Rung::name).containsExactly("720p", "360p");
        assertThat(Ladder.of(new VideoSource(854, 480, 30, 20, true))).extracting(Rung::name).containsExactly("360p");
    }

    @Test
    void aSourceBelowTheLowestRungKeepsItsOwnSizeAtEvenDimensions() {
        assertThat(Ladder.of(new VideoSource(321, 241, 15, 5, false))).containsExactly(new Rung("240p", 320, 240, 356, 0));
    }

    @Test
    void widthsKeepThePortraitOrWideAspect() {
        assertThat(Ladder.of(new VideoSource(1080, 1920, 30, 10, true)).get(0)).isEqualTo(new Rung("1080p", 608, 1080, 5000, 128));
        assertThat(Ladder.of(new VideoSource(2560, 1080, 24, 10, false)).get(1)).isEqualTo(new Rung("720p", 1706, 720, 2800, 0));
    }
}
