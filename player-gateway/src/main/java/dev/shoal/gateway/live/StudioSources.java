package dev.shoal.gateway.live;

import dev.shoal.contracts.live.LineSpeed;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;
import java.util.Locale;

/**
 * Where a room's viewers get its segments, as its creator reads it on the studio page ({@code /studio/live/{room}},
 * {@code templates/live/StudioSources.html}; fetched again every 2 s from {@code /studio/live/{room}/sources}): the room
 * API's ranked {@code sources} (the origin unless shielded, the relays heard in the last 10 s), each with how far behind
 * the live edge it is and what it uploads of its uplink.
 *
 * @param shielded the origin is not a source viewers are sent to (relays reach it)
 */
@CheckedTemplate(basePath = "live")
public record StudioSources(String room, String state, boolean shielded, List<Row> rows) implements TemplateInstance {

    /**
     * One source, said as people read it.
     *
     * @param name   "Origin" or "Relay 0x…"
     * @param behind "at the live edge", "1 segment behind", …
     * @param lag    for a relay, how long after its announcement it held its newest segment ("0.4 s"); null for the origin
     * @param upload for a relay, "1.8 Mbit/s of 20.0 Mbit/s (9%)", or why it is not known
     */
    public record Row(String kind, String agent, String name, String url, long behindSegments, String behind, String lag,
                      Long uploadBytesPerSecond, String upload) {
    }

    static StudioSources of(RoomView view) {
        return new StudioSources(view.room(), view.state(), view.shielded(), view.sources().stream().map(StudioSources::row).toList());
    }

    static Row row(LiveSources.Source s) {
        boolean relay = LiveSources.RELAY.equals(s.kind());
        String behind = s.behind() == 0 ? "at the live edge" : s.behind() + (s.behind() == 1 ? " segment behind" : " segments behind");
        String upload;
        if (relay) {
            String measured = LineSpeed.upload(s.uploadBytesPerSecond(), s.uplinkBytesPerSecond());
            upload = measured != null ? measured : "not reported (an agent older than relay claims version 2)";
        } else {
            upload = "your agent's line: not measured";
        }
        return new Row(s.kind(), s.agent(), relay ? "Relay" : "Origin", s.url(), s.behind(), behind,
                relay ? String.format(Locale.ROOT, "%.1f s", s.lagMillis() / 1000.0) : null, relay ? s.uploadBytesPerSecond() : null, upload);
    }
}
