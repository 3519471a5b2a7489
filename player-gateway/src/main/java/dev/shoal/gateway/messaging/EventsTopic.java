package dev.shoal.gateway.messaging;

import dev.shoal.contracts.event.Topic;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Tells the incoming channels {@value #CHANNEL} and {@value #LIVE_CHANNEL} their topics, so the topic's name is written once, in contracts
 * ({@link Topic#EVENTS}). The channel's other settings are in application.properties, which may also override this
 * (it has the higher ordinal).
 */
public class EventsTopic implements ConfigSource {

    public static final String CHANNEL = "shoal-events";
    /** Live rooms' events (LiveEventConsumer). */
    public static final String LIVE_CHANNEL = "shoal-live";
    private static final Map<String, String> PROPERTIES = Map.of(
            "mp.messaging.incoming." + CHANNEL + ".topic", Topic.EVENTS.topicName(),
            "mp.messaging.incoming." + LIVE_CHANNEL + ".topic", Topic.LIVE_ANNOUNCEMENTS.topicName());

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "shoal-event-topics";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
