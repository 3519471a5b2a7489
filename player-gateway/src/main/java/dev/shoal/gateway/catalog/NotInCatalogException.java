package dev.shoal.gateway.catalog;

/** The marketplace answered 404: it has no such content. An answer, not a failure: never retried, never trips the breaker. */
public class NotInCatalogException extends RuntimeException {

    public NotInCatalogException(String message) {
        super(message);
    }
}
