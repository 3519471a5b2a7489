package dev.shoal.gateway.catalog;

/** The marketplace answered with an error other than 404: retried, and counted by the circuit breaker. */
public class MarketplaceUnavailableException extends RuntimeException {

    public MarketplaceUnavailableException(String message) {
        super(message);
    }
}
