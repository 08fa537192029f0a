package io.jdht.kad.record;

import io.jdht.crypto.PeerId;

/**
 * Told of every change an {@link InMemoryProviderStore} makes, right after it makes it and on the
 * same thread (one node's DHT thread): the hook a persistent copy hangs on. An implementation must
 * return quickly and must not call back into the store.
 */
public interface ProviderStoreListener {
    /** A provider record was stored for the key (new, or a refresh replacing the provider's last one). */
    void stored(byte[] key, ProviderRecord record);

    /** The provider's record for the key is gone: it expired, or a newcomer to a full key displaced it. */
    void removed(byte[] key, PeerId provider);

    ProviderStoreListener NONE = new ProviderStoreListener() {
        @Override
        public void stored(byte[] key, ProviderRecord record) {}

        @Override
        public void removed(byte[] key, PeerId provider) {}
    };
}
