package dev.shoal.gateway.live;

import dev.shoal.contracts.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the creator's live studio shows ({@link StudioRoomsPage}): their rooms, newest first, and the relay agents to
 * choose from, which are whatever this gateway knows of them: the agents that claimed a room lately (a relay claims the
 * LIVE rooms it carries; the gateway hears of no other).
 */
@ApplicationScoped
public class LiveStudio {

    /** Relays heard within this are offered. */
    static final Duration RELAYS_HEARD_WITHIN = Duration.ofHours(24);
    static final int MAX_ROOMS = 50;
    private static final int MAX_RELAY_ROWS = 500;
    private static final DateTimeFormatter OPENED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private final LiveRoomRepository rooms;
    private final LiveRelayRepository relays;
    private final LiveFanOut fanOut;
    private final Clock clock;

    public LiveStudio(LiveRoomRepository rooms, LiveRelayRepository relays, LiveFanOut fanOut, Clock clock) {
        this.rooms = rooms;
        this.relays = relays;
        this.fanOut = fanOut;
        this.clock = clock;
    }

    /**
     * The studio for {@code owner}: a new form (signed for the key of their newest room, if they have one), or
     * {@code form} as they sent it with why it was refused.
     */
    @WithSession
    public Uni<StudioRoomsPage> page(String owner, ScheduleForm form, ProblemException refused) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return rooms.ofOwner(owner, MAX_ROOMS).chain(own -> relays.heardSince(now.minus(RELAYS_HEARD_WITHIN), MAX_RELAY_ROWS).map(heard -> {
            ScheduleForm shown = form != null ? form : ScheduleForm.blank(own.isEmpty() ? "" : own.get(0).creator);
            List<StudioRoomsPage.Room> rows = own.stream().map(r -> new StudioRoomsPage.Room(r.roomId.toString(), r.title,
                    r.state.name(), StudioRoomsPage.Room.shown(r.state.name()), r.segmentSeconds, fanOut.viewers(r.roomId.toString()),
                    OPENED.format(r.openedAt.withOffsetSameInstant(ZoneOffset.UTC)))).toList();
            return new StudioRoomsPage(rows, shown, choices(heard, shown.relays(), now), RELAYS_HEARD_WITHIN.toHours() + " hours",
                    refused == null ? null : refused.getMessage(), refused == null ? null : refused.type().slug());
        }));
    }

    /** Each agent once (its newest claim: where it serves, when it was heard), ticked if the form chose it. */
    static List<StudioRoomsPage.Relay> choices(List<LiveRelay> heard, List<String> chosen, OffsetDateTime now) {
        Map<String, LiveRelay> newest = new LinkedHashMap<>();
        for (LiveRelay r : heard) {
            newest.putIfAbsent(r.agent.toLowerCase(Locale.ROOT), r);
        }
        List<String> ticked = chosen.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
        List<StudioRoomsPage.Relay> out = new ArrayList<>();
        newest.forEach((key, r) -> out.add(new StudioRoomsPage.Relay(r.agent, r.relayUrl, ago(Duration.between(r.heardAt, now)),
                ticked.contains(key))));
        return out;
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        return s / 3600 + " h ago";
    }
}
