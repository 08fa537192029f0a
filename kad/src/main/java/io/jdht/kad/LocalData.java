package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.ProviderStore;
import io.jdht.kad.record.RecordStore;
import io.jdht.kad.record.RecordValidator;
import io.jdht.kad.record.StoreFullException;
import io.jdht.kad.record.StoredRecord;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node holds for the DHT, with the rules that guard it: records are validated on the
 * way in and on the way out (an IPNS record expires), a stored record is replaced only by a
 * better one, the empty key is refused, and a provider record is taken only from the provider
 * itself. Each write names the peer it came from, which the stores charge it to.
 */
final class LocalData {
    private static final Logger LOG = LoggerFactory.getLogger(KadEngine.class);

    private final RecordStore records;
    private final ProviderStore providers;
    private final RecordValidator validator;
    private final KadNetwork network;

    LocalData(RecordStore records, ProviderStore providers, RecordValidator validator, KadNetwork network) {
        this.records = records;
        this.providers = providers;
        this.validator = validator;
        this.network = network;
    }

    /** The record held for a key, if it is still valid (an expired IPNS record is dropped). */
    Optional<StoredRecord> record(byte[] key, Instant now) {
        Optional<StoredRecord> r = records.get(key, now);
        if (r.isPresent()) {
            try {
                validator.validate(key, r.get().value(), now);
            } catch (InvalidRecordException expired) {
                records.remove(key);
                return Optional.empty();
            }
        }
        return r;
    }

    /**
     * Validates and stores a record unless the one already held is better.
     *
     * @param publisher the peer whose PUT_VALUE it is (this node for its own puts)
     * @throws StoreFullException if the record store cannot take it
     */
    void storeIfBetter(byte[] key, byte[] value, PeerId publisher, Instant now) throws InvalidRecordException {
        if (key.length == 0) {
            // no namespace could claim it, and every peer would be "closest" to the same hash
            throw new InvalidRecordException("the key is empty");
        }
        validator.validate(key, value, now);
        Optional<StoredRecord> existing = record(key, now);
        if (existing.isPresent() && !Arrays.equals(existing.get().value(), value)
                && validator.select(key, List.of(existing.get().value(), value)) == 0) {
            throw new InvalidRecordException("the record already stored under this key is better");
        }
        records.put(new StoredRecord(key, value, now, publisher));
    }

    /**
     * The longest key an ADD_PROVIDER may announce (go's limit): a multihash, and the longest
     * usual one (SHA-512) takes 66 bytes.
     */
    static final int MAX_PROVIDER_KEY_BYTES = 80;

    /** Stores the providers an ADD_PROVIDER names, if the sender names itself and the key is a plausible multihash. */
    void addProviders(PeerInfo from, KadMessage request, Instant now) {
        int keyLength = request.key().length;
        if (keyLength == 0 || keyLength > MAX_PROVIDER_KEY_BYTES) {
            LOG.info("ignored ADD_PROVIDER from {} for a key of {} bytes", from.id(), keyLength);
            return;
        }
        for (PeerInfo provider : request.providerPeers()) {
            if (!provider.id().equals(from.id())) {
                LOG.info("ignored ADD_PROVIDER from {} naming another peer, {}", from.id(), provider.id());
                continue;
            }
            List<Multiaddr> addrs = withoutOwnPeerId(
                    provider.addresses().isEmpty() ? from.addresses() : provider.addresses(), provider.id());
            if (addrs.isEmpty()) {
                LOG.info("ignored ADD_PROVIDER from {} without addresses", from.id());
                continue;
            }
            try {
                providers.add(request.key(), new ProviderRecord(provider.id(), addrs, now));
            } catch (StoreFullException e) {
                // ADD_PROVIDER has no answer to carry a refusal, so the sender learns of it only by
                // asking GET_PROVIDERS, as this node's own provide does
                LOG.debug("did not store the provider record of {}: {}", from.id(), e.getMessage());
            }
        }
    }

    /**
     * Addresses as a provider's own: a trailing {@code /p2p/<provider>} (js sends them so) is
     * dropped, since the record already names the peer; one naming another peer (a relay path, or
     * a lie) is kept as it is.
     */
    private static List<Multiaddr> withoutOwnPeerId(List<Multiaddr> addrs, PeerId provider) {
        List<Multiaddr> out = new ArrayList<>(addrs.size());
        for (Multiaddr a : addrs) {
            boolean own = a.peerIdMultihash().map(mh -> Arrays.equals(mh.toBytes(), provider.toBytes())).orElse(false);
            out.add(own ? a.withoutPeerId() : a);
        }
        return out;
    }

    /** The live providers of a key, each with addresses (its record's, else the peer store's). */
    List<PeerInfo> providerPeers(byte[] key, Instant now) {
        List<PeerInfo> out = new ArrayList<>();
        for (ProviderRecord r : providers.providers(key, now)) {
            List<Multiaddr> addrs = r.addresses().isEmpty() ? network.addressesOf(r.provider()) : r.addresses();
            out.add(new PeerInfo(r.provider(), addrs));
        }
        return out;
    }

    /** A better record found in the network replaces the one this node held (go does the same). */
    void updateLocal(byte[] key, byte[] best, PeerId self, Instant now) {
        Optional<StoredRecord> local = record(key, now);
        if (local.isPresent() && !Arrays.equals(local.get().value(), best)) {
            try {
                storeIfBetter(key, best, self, now);
            } catch (InvalidRecordException | RuntimeException e) {
                LOG.debug("kept the local record for {}: {}", KadEngine.hex(key), e.getMessage());
            }
        }
    }
}
