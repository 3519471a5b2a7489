package dev.shoal.gateway.tracker;

import java.time.Duration;

/** A {@link TrackerConfig} for tests without Quarkus: the defaults, with setters for what a test changes. */
final class TestConfig implements TrackerConfig {

    Duration interval = Duration.ofSeconds(120);
    Duration slack = Duration.ofSeconds(30);
    int maxMessageBytes = 65536;
    int maxOffers = 50;
    int maxSwarmsPerSocket = 64;
    int maxInvalidMessages = 20;
    int sockets = 200;
    double messagesPerSecond = 200;
    int messageBurst = 400;

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public Duration slack() {
        return slack;
    }

    @Override
    public Duration sweepPeriod() {
        return Duration.ofSeconds(30);
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public int maxOffers() {
        return maxOffers;
    }

    @Override
    public int maxSwarmsPerSocket() {
        return maxSwarmsPerSocket;
    }

    @Override
    public int maxInvalidMessages() {
        return maxInvalidMessages;
    }

    @Override
    public Duration catalogTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public PerIp perIp() {
        return new PerIp() {
            @Override
            public int sockets() {
                return sockets;
            }

            @Override
            public double messagesPerSecond() {
                return messagesPerSecond;
            }

            @Override
            public int messageBurst() {
                return messageBurst;
            }
        };
    }
}
