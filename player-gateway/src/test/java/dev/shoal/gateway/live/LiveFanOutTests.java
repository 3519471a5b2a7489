package dev.shoal.gateway.live;

import dev.shoal.contracts.event.LiveRelaysChosen;
import dev.shoal.contracts.event.LiveRoomStateChanged;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.segment.Chain;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The fan-out to one instance's viewers: the window first, then what arrived meanwhile, each announcement once. */
class LiveFanOutTests {

    static final String ROOM = "5b0d7f3a-1c2e-4d5f-8a9b-0c1d2e3f4a5b";

    /** A viewer's connection that keeps what it was sent. */
    static final class Sink implements SseEventSink {
        final List<OutboundSseEvent> sent = new ArrayList<>();
        boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            sent.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }

        List<String> ids(String name) {
            return sent.stream().filter(e -> e.getName().equals(name)).map(OutboundSseEvent::getId).toList();
        }
    }

    static List<SignedAnnouncement> chain(int count) {
        List<SignedAnnouncement> out = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (int i = 0; i < count; i++) {
            Announcement a = Announcement.next(ROOM, "hi", i, 2_000_000, 100, Sha256.of(new byte[]{(byte) i}), link,
                    1_796_000_000_000L + 2000L * i, false, RenditionFormat.ts("", 0, 0, 0));
            link = a.link();
            out.add(a.sign(DemoKeys.creator()));
        }
        return out;
    }

    @Test
    void eventsArrivingBeforeTheWindowIsSentWaitAndNothingIsSentTwice() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink sink = new Sink();
        LiveFanOut.Viewer viewer = fanOut.join(ROOM, sink, new SseImpl());
        List<SignedAnnouncement> a = chain(5);

        fanOut.announced(a.get(3));
        fanOut.announced(a.get(4));
        assertThat(sink.sent).as("nothing before the window").isEmpty();
        viewer.primed(a.subList(0, 4));
        fanOut.announced(a.get(4));
        fanOut.announced(a.get(2));

        assertThat(sink.ids("announcement")).containsExactly(ROOM + "/hi/0", ROOM + "/hi/1", ROOM + "/hi/2", ROOM + "/hi/3",
                ROOM + "/hi/4");
        assertThat(fanOut.viewers(ROOM)).isEqualTo(1);
    }

    @Test
    void anAnnouncementRelayedOutOfOrderStillReachesTheViewerOnce() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink sink = new Sink();
        fanOut.join(ROOM, sink, new SseImpl()).primed(List.of());
        List<SignedAnnouncement> a = chain(3);
        fanOut.announced(a.get(0));
        fanOut.announced(a.get(2));
        fanOut.announced(a.get(1));
        fanOut.announced(a.get(2));
        assertThat(sink.ids("announcement")).containsExactly(ROOM + "/hi/0", ROOM + "/hi/2", ROOM + "/hi/1");
    }

    @Test
    void stateChangesReachTheRoomsViewersOnlyAndClosedStreamsLeave() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink mine = new Sink();
        Sink other = new Sink();
        fanOut.join(ROOM, mine, new SseImpl()).primed(List.of());
        fanOut.join("another-room", other, new SseImpl()).primed(List.of());
        fanOut.stateChanged(new LiveRoomStateChanged(ROOM, "ENDED", "2026-12-05T10:00:00Z"));
        assertThat(mine.sent).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("state");
            assertThat((String) e.getData()).contains("\"state\":\"ENDED\"");
        });
        assertThat(other.sent).isEmpty();

        mine.close();
        fanOut.viewerCounts();
        assertThat(fanOut.viewers(ROOM)).isZero();
        assertThat(other.ids("viewers")).hasSize(1);
    }

    @Test
    void theCreatorsEndIsAStateChangeAndAnEndEventWhichTheOriginFollows() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink sink = new Sink();
        fanOut.join(ROOM, sink, new SseImpl()).primed(List.of());
        fanOut.stateChanged(new LiveRoomStateChanged(ROOM, "LIVE", "2026-12-05T10:00:00Z"));
        fanOut.stateChanged(new LiveRoomStateChanged(ROOM, "ENDING", "2026-12-05T10:01:00Z"));
        fanOut.stateChanged(new LiveRoomStateChanged(ROOM, "ENDED", "2026-12-05T10:01:05Z"));
        assertThat(sink.sent).extracting(OutboundSseEvent::getName).containsExactly("state", "state", LiveFanOut.END_EVENT, "state");
        assertThat((String) sink.sent.get(2).getData()).contains("\"state\":\"ENDING\"");
    }

    @Test
    void aChangeOfTheChosenRelaysReachesTheRoomsStreamsAsARelaysEvent() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink origin = new Sink();
        Sink other = new Sink();
        fanOut.join(ROOM, origin, new SseImpl(), false).primed(List.of());
        fanOut.join("another-room", other, new SseImpl()).primed(List.of());
        fanOut.relaysChosen(new LiveRelaysChosen(ROOM, List.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), "2026-12-05T10:02:30Z"));
        assertThat(origin.sent).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo(dev.shoal.contracts.live.RoomEventStream.RELAYS_EVENT);
            assertThat((String) e.getData()).contains("\"chosenRelays\":[\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"]");
        });
        assertThat(other.sent).isEmpty();
    }

    @Test
    void theOriginFollowingTheStreamIsNotAViewer() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink origin = new Sink();
        Sink viewer = new Sink();
        fanOut.join(ROOM, origin, new SseImpl(), false).primed(List.of());
        fanOut.join(ROOM, viewer, new SseImpl()).primed(List.of());
        assertThat(fanOut.viewers(ROOM)).isEqualTo(1);
        fanOut.viewerCounts();
        assertThat(viewer.sent).filteredOn(e -> e.getName().equals("viewers")).singleElement()
                .satisfies(e -> assertThat((String) e.getData()).contains("\"viewers\":1"));
        // the origin still gets every event: it follows the stream for the end
        fanOut.stateChanged(new LiveRoomStateChanged(ROOM, "ENDING", "2026-12-05T10:01:00Z"));
        assertThat(origin.sent).extracting(OutboundSseEvent::getName).contains(LiveFanOut.END_EVENT);
    }

    @Test
    void eachNewAnnouncementIsOneViewersTurnToSeedAndTheTurnsGoRound() {
        LiveFanOut fanOut = new LiveFanOut();
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Sink sink = new Sink();
            fanOut.join(ROOM, sink, new SseImpl()).primed(List.of());
            sinks.add(sink);
        }
        List<SignedAnnouncement> a = chain(12);
        a.forEach(fanOut::announced);
        fanOut.announced(a.get(11)); // redelivered: not a second turn

        List<String> seeds = sinks.stream().flatMap(s -> s.sent.stream()).filter(e -> e.getName().equals(LiveFanOut.SEED_EVENT))
                .map(e -> (String) e.getData()).toList();
        assertThat(seeds).as("each announcement is one viewer's turn").hasSize(12);
        assertThat(sinks.stream().flatMap(s -> seedsOf(s).stream()).sorted().toList())
                .as("each announcement exactly once").isEqualTo(LongStream.range(0, 12).boxed().toList());
        assertThat(sinks).as("fairly spread").allSatisfy(s -> assertThat(seedsOf(s)).hasSize(3));
        // the turn comes after the announcement it names, and names it: rendition, index and SHA-256
        Sink first = sinks.getFirst();
        OutboundSseEvent turn = first.sent.stream().filter(e -> e.getName().equals(LiveFanOut.SEED_EVENT)).findFirst().orElseThrow();
        assertThat(first.sent.indexOf(turn)).isGreaterThan(first.ids("announcement").indexOf(ROOM + "/hi/0"));
        assertThat((String) turn.getData()).isEqualTo("{\"room\":\"" + ROOM + "\",\"rendition\":\"hi\",\"index\":0,\"sha256\":\""
                + a.getFirst().announcement().sha256().hex() + "\"}");
    }

    @Test
    void aViewerWhoLeftIsSkippedAndOnlyViewersWhoseWindowWasSentTakeTurns() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink leaving = new Sink();
        Sink staying = new Sink();
        Sink origin = new Sink();
        Sink relay = new Sink();
        Sink opening = new Sink();
        LiveFanOut.Viewer gone = fanOut.join(ROOM, leaving, new SseImpl());
        gone.primed(List.of());
        fanOut.join(ROOM, staying, new SseImpl()).primed(List.of());
        fanOut.join(ROOM, origin, new SseImpl(), false).primed(List.of());
        fanOut.join(ROOM, relay, new SseImpl(), false).primed(List.of());
        fanOut.join(ROOM, opening, new SseImpl()); // its window is not sent yet
        Sink shut = new Sink();
        fanOut.join(ROOM, shut, new SseImpl()).primed(List.of());
        shut.close(); // closed, not yet gone from the room
        List<SignedAnnouncement> a = chain(4);
        fanOut.announced(a.get(0));
        fanOut.leave(gone);
        fanOut.announced(a.get(1));
        fanOut.announced(a.get(2));
        fanOut.announced(a.get(3));

        assertThat(seedsOf(leaving)).containsExactly(0L);
        assertThat(seedsOf(staying)).containsExactly(1L, 2L, 3L);
        assertThat(seedsOf(origin)).isEmpty();
        assertThat(seedsOf(relay)).isEmpty();
        assertThat(seedsOf(opening)).isEmpty();
        assertThat(shut.sent).isEmpty();
    }

    @Test
    void aViewerWhosePageDoesNotSeedTakesNoTurnsButStillCounts() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink off = new Sink();
        Sink seeding = new Sink();
        fanOut.join(ROOM, off, new SseImpl(), true, false).primed(List.of());
        fanOut.join(ROOM, seeding, new SseImpl()).primed(List.of());
        chain(4).forEach(fanOut::announced);
        assertThat(seedsOf(off)).isEmpty();
        assertThat(off.ids("announcement")).hasSize(4);
        assertThat(seedsOf(seeding)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(fanOut.viewers(ROOM)).isEqualTo(2);
    }

    @Test
    void aRoomWithNoViewersHereGivesNoTurn() {
        LiveFanOut fanOut = new LiveFanOut();
        Sink origin = new Sink();
        Sink elsewhere = new Sink();
        fanOut.join(ROOM, origin, new SseImpl(), false).primed(List.of());
        fanOut.join("another-room", elsewhere, new SseImpl()).primed(List.of());
        chain(3).forEach(fanOut::announced);
        assertThat(origin.ids("announcement")).hasSize(3);
        assertThat(seedsOf(origin)).isEmpty();
        assertThat(elsewhere.sent).isEmpty();
    }

    @Test
    void aViewerWhoJustCameTakesNoTurnWhileOthersHaveWatchedASegmentsDuration() {
        long[] now = {0};
        LiveFanOut fanOut = new LiveFanOut(() -> now[0]);
        Sink watching = new Sink();
        fanOut.join(ROOM, watching, new SseImpl()).primed(List.of());
        List<SignedAnnouncement> a = chain(6); // 2 s segments
        fanOut.announced(a.get(0)); // alone, and only just come: its turn all the same
        now[0] = 2_500_000_000L;
        Sink zapping = new Sink(); // opened now, gone a moment later
        fanOut.join(ROOM, zapping, new SseImpl()).primed(List.of());
        fanOut.announced(a.get(1));
        fanOut.announced(a.get(2));
        now[0] += 1_999_000_000L; // 1.999 s watched: still not a segment's duration
        fanOut.announced(a.get(3));
        now[0] += 1_000_000L;
        fanOut.announced(a.get(4));
        fanOut.announced(a.get(5));

        assertThat(seedsOf(zapping)).as("once it has watched 2 s, it is in the round").containsExactly(4L);
        assertThat(seedsOf(watching)).containsExactly(0L, 1L, 2L, 3L, 5L);
    }

    private static List<Long> seedsOf(Sink sink) {
        return sink.sent.stream().filter(e -> e.getName().equals(LiveFanOut.SEED_EVENT))
                .map(e -> Long.parseLong(((String) e.getData()).replaceAll(".*\"index\":(\\d+).*", "$1"))).toList();
    }
}
