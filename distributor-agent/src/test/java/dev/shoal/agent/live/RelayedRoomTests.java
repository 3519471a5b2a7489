package dev.shoal.agent.live;

import dev.shoal.agent.fetch.Fetcher;
import dev.shoal.agent.fetch.SegmentRef;
import dev.shoal.agent.fetch.Source;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.deploy.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a relay agent keeps of a room: only announced bytes, only the creator's announcements, only the window. */
class RelayedRoomTests {

    private static final SigningKey CREATOR = DemoKeys.creator();
    private static final String ROOM = "room-1";

    @TempDir
    Path dir;
    private DiskStore store;
    private RelayedRoom room;
    private final Map<Sha256, byte[]> bytes = new HashMap<>();
    private Sha256 link = Chain.GENESIS;

    @BeforeEach
    void open() {
        store = DiskStore.open(dir.resolve("store"), 1L << 30, Duration.ofDays(1), new MutableClock(), false);
        // 2 s segments, 4 s maximum delay: a window of 3
        room = new RelayedRoom(ROOM, CREATOR.address(), 2, 4, store, new Fetcher.Options(8, 16 * 1024));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The next segment of rendition hi, signed by {@code key}. */
    private SignedAnnouncement next(long index, SigningKey key) {
        byte[] segment = ("segment " + index + " " + "x".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        Sha256 sha = Sha256.of(segment);
        bytes.put(sha, segment);
        Announcement a = Announcement.next(ROOM, "hi", index, 2_000_000, segment.length, sha, link, 1000 + index, false,
                RenditionFormat.ts("", 0, 0, 0));
        link = a.link();
        return a.sign(key);
    }

    /** The next fMP4 segment of rendition hi, naming {@code init}, signed by the creator. */
    private SignedAnnouncement nextFmp4(long index, byte[] init) {
        byte[] segment = ("fmp4 segment " + index + " " + "y".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        Sha256 sha = Sha256.of(segment);
        bytes.put(sha, segment);
        Sha256 initSha = Sha256.of(init);
        bytes.put(initSha, init);
        Announcement a = Announcement.next(ROOM, "hi", index, 2_000_000, segment.length, sha, link, 1000 + index, false,
                new RenditionFormat(dev.shoal.contracts.manifest.Container.FMP4, initSha, "", 0, 0, 0));
        link = a.link();
        return a.sign(CREATOR);
    }

    /** Serves what was announced; {@code tamper} flips a byte of everything it sends. */
    private Source source(String name, boolean tamper) {
        return new Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte[] readWhole(SegmentRef segment, int maxBytes) throws IOException {
                byte[] all = bytes.get(segment.sha256());
                if (all == null) {
                    throw new IOException("no such segment");
                }
                return read(segment, 0, all.length);
            }

            @Override
            public byte[] read(SegmentRef segment, long offset, int length) throws IOException {
                byte[] all = bytes.get(segment.sha256());
                if (all == null) {
                    throw new IOException("no such segment");
                }
                byte[] part = Arrays.copyOfRange(all, (int) offset, (int) offset + length);
                if (tamper) {
                    part[0] ^= 1;
                }
                return part;
            }
        };
    }

    @Test
    void aSegmentIsHeldOnlyWhenItsBytesAreTheAnnouncedOnes() {
        Announcement a = room.verify(next(0, CREATOR));
        assertThat(room.take(a, List.of(source("tampering origin", true)), 0, 10)).isFalse();
        assertThat(store.contains(a.sha256())).as("a wrong byte is never stored, so never served").isFalse();
        assertThat(room.newest()).isEmpty();

        assertThat(room.take(a, List.of(source("tampering", true), source("honest", false)), 0, 10)).isTrue();
        assertThat(store.read(a.sha256())).isEqualTo(bytes.get(a.sha256()));
        assertThat(room.newest()).containsEntry("hi", 0L);
        assertThat(room.lagMillis()).isEqualTo(10);
    }

    @Test
    void anInitSegmentWhoseBytesAreNotTheAnnouncedOnesIsNeverStoredNorIsItsSegment() {
        byte[] init = ("ftyp moov " + "i".repeat(300)).getBytes(StandardCharsets.UTF_8);
        Announcement a = room.verify(nextFmp4(0, init));
        Sha256 initSha = a.format().init();
        assertThat(room.take(a, List.of(source("tampering", true)), 0, 10)).isFalse();
        assertThat(store.contains(initSha)).as("a wrong init byte is never stored, so never served").isFalse();
        assertThat(store.contains(a.sha256())).as("nor the segment that names it").isFalse();
        assertThat(room.newest()).isEmpty();

        assertThat(room.take(a, List.of(source("tampering", true), source("honest", false)), 0, 10)).isTrue();
        assertThat(store.read(initSha)).isEqualTo(init);
        assertThat(store.read(a.sha256())).isEqualTo(bytes.get(a.sha256()));
        assertThat(room.holds(initSha)).isTrue();
        assertThat(room.newest()).containsEntry("hi", 0L);

        // kept while the room's window slides (every segment names it), gone with the room
        for (long i = 1; i < 5; i++) {
            assertThat(room.take(room.verify(nextFmp4(i, init)), List.of(source("origin", false)), 0, 0)).isTrue();
        }
        assertThat(store.contains(initSha)).isTrue();
        room.clear();
        assertThat(store.contains(initSha)).isFalse();
    }

    @Test
    void aRoomIsRelayedByAnyAgentOrByTheChosenOnly() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        SigningKey self = SigningKey.generate();
        assertThat(RoomRelays.chosen(json.readTree("{}").path("chosenRelays"), self.address())).isTrue();
        assertThat(RoomRelays.chosen(json.readTree("{\"chosenRelays\":null}").path("chosenRelays"), self.address())).isTrue();
        assertThat(RoomRelays.chosen(json.readTree("{\"chosenRelays\":[\"" + self.address().lowerHex() + "\"]}").path("chosenRelays"),
                self.address())).isTrue();
        assertThat(RoomRelays.chosen(json.readTree("{\"chosenRelays\":[\"" + SigningKey.generate().address() + "\", \"junk\"]}")
                .path("chosenRelays"), self.address())).isFalse();
    }

    @Test
    void announcementsNotTheCreatorsOrAlreadySeenAreRefused() {
        SignedAnnouncement first = next(0, CREATOR);
        room.verify(first);
        assertThatThrownBy(() -> room.verify(first)).as("a replay").isInstanceOf(ContentException.AnnouncementReplayed.class);
        assertThatThrownBy(() -> room.verify(next(1, SigningKey.generate()))).as("another key")
                .isInstanceOf(ContentException.class);
        SignedAnnouncement otherRoom = Announcement.next("room-2", "hi", 0, 1, 1, Sha256.of(new byte[] {1}), Chain.GENESIS, 1, false,
                RenditionFormat.ts("", 0, 0, 0)).sign(CREATOR);
        assertThatThrownBy(() -> room.verify(otherRoom)).isInstanceOf(ContentException.class);
    }

    @Test
    void theWindowSlidesAndWhatSlidOutLeavesTheStore() {
        List<Announcement> taken = new ArrayList<>();
        for (long i = 0; i < 5; i++) {
            Announcement a = room.verify(next(i, CREATOR));
            assertThat(room.take(a, List.of(source("origin", false)), 0, 0)).isTrue();
            taken.add(a);
        }
        assertThat(room.newest()).containsEntry("hi", 4L);
        assertThat(room.size()).isEqualTo(3);
        assertThat(store.contains(taken.get(0).sha256())).isFalse();
        assertThat(store.contains(taken.get(1).sha256())).isFalse();
        assertThat(store.contains(taken.get(2).sha256())).isTrue();
        assertThat(store.contains(taken.get(4).sha256())).isTrue();
        assertThat(room.slidOut(taken.get(1))).isTrue();
        assertThat(room.slidOut(taken.get(2))).isFalse();
        room.clear();
        assertThat(store.contains(taken.get(4).sha256())).isFalse();
    }
}
