package dev.shoal.marketplace.agent;

import java.time.OffsetDateTime;

/** An agent's heartbeat was recorded (a CDI event): it is alive as of {@code at}, using {@code usedBytes} of {@code capacityBytes}. */
public record AgentHeartbeat(String address, OffsetDateTime at, long usedBytes, long capacityBytes) {
}
