package dev.shoal.media.ffmpeg;

import java.util.ArrayList;
import java.util.List;

/**
 * The ABR ladder for a source: the usual rungs (1080p, 720p, 360p) at or below the source's height, never above
 * it; a source smaller than the lowest rung gets one rendition at its own size. Widths keep the source's aspect
 * ratio, rounded to even numbers as H.264 needs.
 */
public final class Ladder {

    private record Standard(int height, int videoKbps, int audioKbps) {
    }

    private static final List<Standard> RUNGS = List.of(new Standard(1080, 5000, 128), new Standard(720, 2800, 128),
            new Standard(360, 800, 96));

    private Ladder() {
    }

    public static List<Rung> of(VideoSource source) {
        List<Rung> ladder = new ArrayList<>();
        for (Standard s : RUNGS) {
            if (s.height() <= source.height()) {
                ladder.add(rung(source, s.height(), s.videoKbps(), s.audioKbps()));
            }
        }
        if (ladder.isEmpty()) {
            int height = even(source.height());
            Standard lowest = RUNGS.get(RUNGS.size() - 1);
            int kbps = (int) Math.max(200, Math.round(lowest.videoKbps() * (double) height * height / (lowest.height() * lowest.height())));
            ladder.add(rung(source, height, kbps, lowest.audioKbps()));
        }
        return ladder;
    }

    private static Rung rung(VideoSource source, int height, int videoKbps, int audioKbps) {
        int width = even((int) Math.round((double) source.width() * height / source.height()));
        return new Rung(height + "p", width, height, videoKbps, source.hasAudio() ? audioKbps : 0);
    }

    private static int even(int n) {
        return Math.max(2, n - n % 2);
    }
}
