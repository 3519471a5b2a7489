package dev.shoal.gateway.messaging;

import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.LiveRelaysChosen;
import dev.shoal.contracts.event.LiveRoomStateChanged;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.gateway.live.LiveFanOut;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every live room's events from topic {@code shoal.live.announcements}, for the viewers connected to this instance.
 * Each instance reads the whole topic in a consumer group of its own (a broadcast, not shared work); the fan-out
 * pushes an announcement to a viewer at most once, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class LiveEventConsumer {

    private static final Logger LOG = Logger.getLogger(LiveEventConsumer.class);

    private final LiveFanOut fanOut;

    public LiveEventConsumer(LiveFanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Incoming(EventsTopic.LIVE_CHANNEL)
    public void consume(String value) {
        try {
            EventEnvelope envelope = EventEnvelope.parse(value);
            EventType type = envelope.knownType().orElse(null);
            if (type == EventType.LIVE_SEGMENT_ANNOUNCED) {
                SignedAnnouncement a = envelope.data(type);
                fanOut.announced(a);
            } else if (type == EventType.LIVE_ROOM_STATE_CHANGED) {
                LiveRoomStateChanged changed = envelope.data(type);
                fanOut.stateChanged(changed);
            } else if (type == EventType.LIVE_RELAYS_CHOSEN) {
                LiveRelaysChosen chosen = envelope.data(type);
                fanOut.relaysChosen(chosen);
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping a live event this gateway cannot read: %s", e.toString());
        }
    }
}
