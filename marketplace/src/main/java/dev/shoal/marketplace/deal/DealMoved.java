package dev.shoal.marketplace.deal;

import java.util.UUID;

/**
 * A deal was proposed or changed state (a CDI event, fired in the transaction that wrote it, beside the outbox's
 * Kafka event): what this instance keeps about who holds what (the locator's holders) is out of date.
 */
public record DealMoved(UUID dealId, UUID orderId, String agent, DealState state) {
}
