package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.AnnouncementsAccepted;
import dev.shoal.contracts.live.OriginClaim;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.segment.Chain;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The origin's sender against a stand-in room: claim first, in order, none skipped, retried, resumed from the room's cursor. */
class AnnouncementSenderTests {

    static final String ROOM = "room-7";

    /** A room that keeps what it accepted and can be told to fail or to lose its answers. */
    static final class FakeRoom implements LiveRoomApi {
        final List<String> calls = new ArrayList<>();
        final List<SignedAnnouncement> held = new ArrayList<>();
        int failNext;
        int loseNextAnswers;
        final List<String> recordings = new ArrayList<>();

        Map<String, Long> cursor() {
            Map<String, Long> out = new HashMap<>();
            for (SignedAnnouncement a : held) {
                out.merge(a.announcement().rendition(), a.announcement().index(), Math::max);
            }
            return out;
        }

        @Override
        public JsonNode claimRelay(String room, dev.shoal.contracts.live.RelayClaim claim) {
            throw new UnsupportedOperationException("an origin does not relay");
        }

        @Override
        public JsonNode relays(String room) {
            throw new UnsupportedOperationException("the sender does not ask");
        }

        @Override
        public AnnouncementsAccepted claimOrigin(String room, OriginClaim claim) {
            calls.add("claim");
            assertThat(claim.verify()).isEqualTo(DemoKeys.creator().address());
            return new AnnouncementsAccepted(1, room, cursor());
        }

        @Override
        public JsonNode room(String room) {
            calls.add("room");
            return new ObjectMapper().createObjectNode().put("room", room).put("title", "Evening show");
        }

        @Override
        public JsonNode end(String room, JsonNode recording) {
            calls.add("end");
            recordings.add(recording.path("manifest").asText());
            return recording;
        }

        @Override
        public AnnouncementsAccepted announce(String room, List<JsonNode> announcements) {
            calls.add("announce " + announcements.size());
            if (failNext > 0) {
                failNext--;
                throw new ProcessingException("connection refused");
            }
            for (JsonNode n : announcements) {
                SignedAnnouncement a = SignedAnnouncement.fromJsonTree(n);
                long expected = cursor().getOrDefault(a.announcement().rendition(), -1L) + 1;
                if (a.announcement().index() != expected) {
                    JsonNode problem = new ObjectMapper().valueToTree(Map.of("type", "https://shoal.dev/problems/replayed",
                            "status", 409, "accepted", cursor()));
                    throw new WebApplicationException(Response.status(409).entity(problem).build());
                }
                held.add(a);
            }
            if (loseNextAnswers > 0) {
                loseNextAnswers--;
                throw new ProcessingException("read timed out");
            }
            return new AnnouncementsAccepted(1, room, cursor());
        }
    }

    static List<SignedAnnouncement> log(int perRendition) {
        List<SignedAnnouncement> out = new ArrayList<>();
        Map<String, Sha256> links = new HashMap<>(Map.of("hi", Chain.GENESIS, "lo", Chain.GENESIS));
        for (int i = 0; i < perRendition; i++) {
            for (String r : List.of("hi", "lo")) {
                Announcement a = Announcement.next(ROOM, r, i, 2_000_000, 100, Sha256.of(new byte[]{(byte) i, (byte) r.length()}),
                        links.get(r), 1_796_000_000_000L + 2_000L * i, false, RenditionFormat.ts("", 0, 0, 0));
                links.put(r, a.link());
                out.add(a.sign(DemoKeys.creator()));
            }
        }
        return out;
    }

    static OriginClaim claim() {
        return OriginClaim.sign(DemoKeys.creator(), ROOM, DemoKeys.agent().address(), "http://127.0.0.1:8090", false, 1);
    }

    @Test
    void theClaimGoesFirstThenEveryAnnouncementInOrderInBatches() {
        FakeRoom room = new FakeRoom();
        List<SignedAnnouncement> log = log(40);
        AnnouncementSender.Progress p = new AnnouncementSender.Progress();
        AnnouncementSender.pass(ROOM, log, p, room, 0, AnnouncementSenderTests::claim);
        assertThat(room.calls).containsExactly("claim", "announce 64", "announce 16");
        assertThat(room.held).containsExactlyElementsOf(log);
        assertThat(p.acknowledged).containsEntry("hi", 39L).containsEntry("lo", 39L);
        AnnouncementSender.pass(ROOM, log, p, room, 1, AnnouncementSenderTests::claim);
        assertThat(room.calls).as("caught up: nothing more").hasSize(3);
    }

    @Test
    void aFailureWaitsLongerEachTimeThenTheSameAnnouncementsGoAgain() {
        FakeRoom room = new FakeRoom();
        List<SignedAnnouncement> log = log(3);
        AnnouncementSender.Progress p = new AnnouncementSender.Progress();
        room.failNext = 2;
        AnnouncementSender.pass(ROOM, log, p, room, 0, AnnouncementSenderTests::claim);
        assertThat(p.notBeforeMillis).isEqualTo(1_000);
        AnnouncementSender.pass(ROOM, log, p, room, 500, AnnouncementSenderTests::claim);
        assertThat(room.calls).as("not before its time").containsExactly("claim", "announce 6");
        AnnouncementSender.pass(ROOM, log, p, room, 1_000, AnnouncementSenderTests::claim);
        assertThat(p.notBeforeMillis).as("twice as long").isEqualTo(3_000);
        AnnouncementSender.pass(ROOM, log, p, room, 3_000, AnnouncementSenderTests::claim);
        assertThat(room.held).containsExactlyElementsOf(log);
        assertThat(p.lastFailure).isNull();
    }

    @Test
    void aLostAnswerCostsOneResendThatTheRoomAnswersWithItsCursor() {
        FakeRoom room = new FakeRoom();
        List<SignedAnnouncement> log = log(5);
        AnnouncementSender.Progress p = new AnnouncementSender.Progress();
        room.loseNextAnswers = 1;
        AnnouncementSender.pass(ROOM, log, p, room, 0, AnnouncementSenderTests::claim);
        assertThat(room.held).as("the room took them; the origin did not hear so").hasSize(10);
        assertThat(p.acknowledged).isEmpty();
        AnnouncementSender.pass(ROOM, log, p, room, 1_000, AnnouncementSenderTests::claim);
        assertThat(room.held).as("nothing twice").containsExactlyElementsOf(log);
        assertThat(p.acknowledged).containsEntry("hi", 4L).containsEntry("lo", 4L);
        assertThat(room.calls).containsExactly("claim", "announce 10", "announce 10");
    }

    @Test
    void aRestartedOriginResumesFromWhatTheRoomAlreadyHolds() {
        FakeRoom room = new FakeRoom();
        List<SignedAnnouncement> log = log(6);
        AnnouncementSender.pass(ROOM, log.subList(0, 6), new AnnouncementSender.Progress(), room, 0, AnnouncementSenderTests::claim);
        AnnouncementSender.Progress fresh = new AnnouncementSender.Progress();
        AnnouncementSender.pass(ROOM, log, fresh, room, 10, AnnouncementSenderTests::claim);
        assertThat(room.held).containsExactlyElementsOf(log);
        assertThat(room.calls).containsExactly("claim", "announce 6", "claim", "announce 6");
    }

    @Test
    void anEndedRoomsRecordingGoesOnceEveryAnnouncementIsAcknowledgedAndOnlyOnce() {
        FakeRoom room = new FakeRoom();
        AnnouncementSender.Progress p = new AnnouncementSender.Progress();
        List<SignedAnnouncement> log = log(3);
        room.failNext = 1;
        AnnouncementSender.pass(ROOM, log, p, room, 0, AnnouncementSenderTests::claim, title -> "manifest of " + title);
        assertThat(room.recordings).as("not before the announcements are all held").isEmpty();

        AnnouncementSender.pass(ROOM, log, p, room, 10_000, AnnouncementSenderTests::claim, title -> "manifest of " + title);
        assertThat(room.held).hasSize(6);
        assertThat(room.recordings).containsExactly("manifest of Evening show");

        AnnouncementSender.pass(ROOM, log, p, room, 20_000, AnnouncementSenderTests::claim, title -> "manifest of " + title);
        assertThat(room.recordings).hasSize(1);
    }

    @Test
    void aNewAnnouncementIsSentAtOnceOnTheSendersOwnThreadNotAtTheNextPass() throws Exception {
        LiveRooms rooms = new LiveRooms(null);
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        AnnouncementSender sender = new AnnouncementSender(null, rooms, gateway -> new FakeRoom()) {
            @Override
            void send(LiveRooms.Room room) {
                threads.add(Thread.currentThread().getName() + " " + room.id());
                sent.countDown();
            }
        };
        try {
            rooms.announced(new LiveRooms.Room("kept-locally", null, null, null, null));
            rooms.announced(new LiveRooms.Room(ROOM, null, "http://127.0.0.1:1", null, null));
            assertThat(sent.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("sent without the scheduled pass").isTrue();
            assertThat(threads).containsExactly("live-announcements " + ROOM);
        } finally {
            sender.stop();
        }
    }
}
