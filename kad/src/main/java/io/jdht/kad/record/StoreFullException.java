package io.jdht.kad.record;

/**
 * A store at its capacity was asked to hold a new key. Nothing was stored; existing keys can still
 * be refreshed, and {@code removeExpired} makes room. The DHT answers such a request as it would
 * any other failure to store.
 */
public final class StoreFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
