package dev.shoal.gateway.messaging;

import dev.shoal.contracts.event.Topic;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Tells the incoming channel {@value #CHANNEL} its topic, so the topic's name is written once, in contracts
 * ({@link Topic#EVENTS}). The channel's other settings are in application.properties, which may also override this
 * (it has the higher ordinal).
 */
public class EventsTopic implements ConfigSource {

    public static final String CHANNEL = "shoal-events";
    private static final Map<String, String> PROPERTIES = Map.of(
            "mp.messaging.incoming." + CHANNEL + ".topic", Topic.EVENTS.topicName());

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
