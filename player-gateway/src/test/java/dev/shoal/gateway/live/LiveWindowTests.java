package dev.shoal.gateway.live;

import dev.shoal.contracts.live.SignedAnnouncement;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a viewer's event stream starts with: the window, and the gateway's own measure of the announcements' way. */
class LiveWindowTests {

    static LiveAnnouncement row(SignedAnnouncement a, long acceptedAfterEndMillis) {
        LiveAnnouncement row = new LiveAnnouncement();
        row.signed = a.toJson();
        long end = a.announcement().startedAtMillis() + a.announcement().durationMicros() / 1000;
        row.acceptedAt = OffsetDateTime.ofInstant(Instant.ofEpochMilli(end + acceptedAfterEndMillis), ZoneOffset.UTC);
        return row;
    }

    @Test
    void theWayIsTheMedianOfHowLongAfterItsSegmentsEndEachAnnouncementWasAccepted() {
        List<SignedAnnouncement> chain = LiveFanOutTests.chain(4);
        List<LiveAnnouncement> rows = new ArrayList<>();
        long[] ways = {300, 1200, 350, 320};
        for (int i = 0; i < 4; i++) {
            rows.add(row(chain.get(i), ways[i]));
        }
        LivePlaylists.Window w = LivePlaylists.Window.of(null, rows);
        assertThat(w.announcements()).isEqualTo(chain);
        assertThat(w.wayMillis()).isEqualTo(350);
    }

    @Test
    void noAnnouncementOrOnlyOnesAcceptedBeforeTheirSegmentEndedSayNothing() {
        assertThat(LivePlaylists.Window.of(null, List.of()).wayMillis()).isEqualTo(-1);
        assertThat(LivePlaylists.Window.of(null, List.of(row(LiveFanOutTests.chain(1).get(0), -50))).wayMillis()).isEqualTo(-1);
    }
}
