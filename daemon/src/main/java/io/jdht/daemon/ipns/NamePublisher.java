package io.jdht.daemon.ipns;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.QueryListener;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.multiformats.Multibase;
import io.jdht.node.Dht;
import io.jdht.node.QueryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * IPNS over the DHT for the daemon's own key: {@code name/publish} signs a record (V1 and V2
 * signatures, so old and new resolvers accept it) with the next sequence number and puts it at
 * the closest peers; {@code name/resolve} gathers records from the network and follows the best
 * one, through {@code /ipns/} values, to an {@code /ipfs/} path.
 */
public final class NamePublisher {
    /** Records a resolve asks the network for before it picks the best (Kubo's dht-record-count). */
    public static final int DEFAULT_RECORD_QUORUM = 16;
    /** How many {@code /ipns/} hops a recursive resolve follows (Kubo's limit is 32). */
    public static final int MAX_DEPTH = 32;

    private final Dht dht;
    private final PrivateKey key;
    private final PeerId self;
    private final SequenceStore sequences;
    private final InstantSource clock;

    public NamePublisher(Dht dht, PrivateKey key, SequenceStore sequences, InstantSource clock) {
        this.dht = dht;
        this.key = key;
        this.self = PeerId.fromPublicKey(key.publicKey());
        this.sequences = sequences;
        this.clock = clock;
    }

    /** The name this node publishes under, in Kubo's form (a base36 libp2p-key CID, {@code k51…}). */
    public String name() {
        return nameText(self);
    }

    public static String nameText(PeerId id) {
        return io.jdht.multiformats.Cid.v1(io.jdht.multiformats.Multicodec.LIBP2P_KEY, id.multihash()).toString(Multibase.BASE36);
    }

    /** What a publish did. */
    public record Published(String name, String value, long sequence, int peers) {}

    /**
     * Publishes a path under this node's name. The sequence number is stored before the record
     * leaves the node, so a crash never lets a later publish reuse it.
     *
     * @param path {@code /ipfs/…}, {@code /ipns/…} or a bare CID
     * @param lifetime how long the record is valid
     * @param ttl how long resolvers may cache it
     */
    public CompletableFuture<Published> publish(String path, Duration lifetime, Duration ttl, QueryOptions options,
            QueryListener events) {
        String value = IpnsPath.canonical(path);
        long sequence;
        try {
            sequence = sequences.last(self) + 1;
            sequences.used(self, sequence);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("could not store the IPNS sequence number", e));
        }
        Instant eol = clock.instant().plus(lifetime);
        IpnsRecord record = IpnsRecord.create(key, value.getBytes(StandardCharsets.UTF_8), sequence, eol, ttl, true);
        return dht.putAndCount(IpnsRecord.routingKey(self), record.toBytes(), options, events)
                .thenApply(peers -> new Published(name(), value, sequence, peers));
    }

    /**
     * Resolves a name to the path its best record points at, following {@code /ipns/} values when
     * {@code recursive}.
     *
     * @param name a peer id in any form, optionally after {@code /ipns/}
     */
    public CompletableFuture<String> resolve(String name, boolean recursive, int quorum, QueryOptions options,
            QueryListener events) {
        PeerId id = PeerId.parse(name.startsWith("/ipns/") ? name.substring("/ipns/".length()).split("/", 2)[0] : name);
        String rest = restOf(name);
        return resolve(id, recursive, quorum, options, events, 0).thenApply(path -> path + rest);
    }

    private CompletableFuture<String> resolve(PeerId id, boolean recursive, int quorum, QueryOptions options,
            QueryListener events, int depth) {
        if (depth >= MAX_DEPTH) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "could not resolve name: more than " + MAX_DEPTH + " /ipns/ hops (a cycle?)"));
        }
        return dht.get(IpnsRecord.routingKey(id), options.withQuorum(quorum), events).thenCompose(bytes -> {
            String value;
            try {
                value = new String(IpnsRecord.parse(bytes).value(), StandardCharsets.UTF_8);
            } catch (InvalidRecordException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (recursive && value.startsWith("/ipns/")) {
                String next = value.substring("/ipns/".length()).split("/", 2)[0];
                return resolve(PeerId.parse(next), true, quorum, options, events, depth + 1)
                        .thenApply(path -> path + restOf(value));
            }
            return CompletableFuture.completedFuture(value);
        });
    }

    /** The part of {@code /ipns/<name>/a/b} after the name ({@code /a/b}), or "". */
    private static String restOf(String path) {
        if (!path.startsWith("/ipns/")) {
            return "";
        }
        String[] parts = path.split("/", 4);
        return parts.length == 4 ? "/" + parts[3] : "";
    }
}
