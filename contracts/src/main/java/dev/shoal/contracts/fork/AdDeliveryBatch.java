package dev.shoal.contracts.fork;

import java.util.List;

/**
 * What a player hands in for a fork's ad delivery ({@code POST /api/forks/{fork}/deliveries}, version 1): its viewing
 * session and the {@code Shoal-Receipt} header values of the ad segments the agents served it. The marketplace answers
 * {@link Counted}: how many of the receipts counted for the first time (a receipt handed in again counts 0).
 */
public record AdDeliveryBatch(String session, List<String> receipts) {

    /** At most this many receipts in one batch (the marketplace refuses more; the gateway checks before forwarding). */
    public static final int MAX_RECEIPTS = 1000;

    public record Counted(int counted) {
    }
}
