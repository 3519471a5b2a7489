package dev.shoal.contracts.live;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.segment.SegmentRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingArchiveTests {

    private static final SigningKey CREATOR = DemoKeys.creator();

    /** The recording of the first {@code n} announced segments, as an origin signs it. */
    private static String recording(List<SignedAnnouncement> announced, int n) {
        List<SegmentRecord> records = announced.subList(0, n).stream().map(SignedAnnouncement::announcement)
                .map(a -> new SegmentRecord((int) a.index(), a.durationMicros(), a.size(), a.sha256(), a.link(),
                        Sha256.of(new byte[]{(byte) a.index()}), false)).toList();
        Rendition r = new Rendition("720p", Container.MPEG_TS, "avc1.64001f,mp4a.40.2", 3_000_000, 1280, 720, 0, null, records);
        return new Manifest("Live", CREATOR.address(), List.of(r)).sign(CREATOR).toJson();
    }

    private static RecordingArchive archive(String room, String manifest, List<SignedAnnouncement> last) {
        return new RecordingArchive(RecordingArchive.VERSION, room, "creator", "Creator", manifest, List.of(), last, 5, 1, null, "1");
    }

    @Test
    void theRoomsLastAnnouncementsProveItsRecording() {
        List<SignedAnnouncement> s = LiveAndReceiptTests.stream(4, CREATOR);
        assertThat(archive("room-1", recording(s, 4), List.of(s.get(3))).proveRecording().manifest().creator())
                .isEqualTo(CREATOR.address());
    }

    @Test
    void anythingElseIsRefused() {
        List<SignedAnnouncement> s = LiveAndReceiptTests.stream(4, CREATOR);
        // a recording that stops before the room's last segment, or another content of the same creator
        assertThatThrownBy(() -> archive("room-1", recording(s, 3), List.of(s.get(3))).proveRecording())
                .isInstanceOf(ContentException.ManifestTampered.class);
        // the proof names another room
        assertThatThrownBy(() -> archive("room-2", recording(s, 4), List.of(s.get(3))).proveRecording())
                .isInstanceOf(ContentException.ManifestTampered.class);
        // announcements signed by another key
        List<SignedAnnouncement> other = LiveAndReceiptTests.stream(4, DemoKeys.agent());
        assertThatThrownBy(() -> archive("room-1", recording(s, 4), List.of(other.get(3))).proveRecording())
                .isInstanceOf(ContentException.UnexpectedSigner.class);
        // no proof for the rendition
        assertThatThrownBy(() -> archive("room-1", recording(s, 4), List.of()).proveRecording())
                .isInstanceOf(ContentException.ManifestTampered.class);
    }
}
