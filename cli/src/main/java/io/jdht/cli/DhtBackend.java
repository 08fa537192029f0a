package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.PublishStrategy;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Cid;
import java.time.Duration;
import java.util.List;

/**
 * Where a {@code jdht dht} command runs its operation: a running daemon, through its HTTP API
 * ({@link ApiBackend}), or a short-lived node of the command's own ({@link NodeBackend}). Both
 * report the same results and the same query events, so the command prints the same either way.
 * A lookup that finds nothing throws; the message says what was asked.
 */
interface DhtBackend extends AutoCloseable {
    PeerInfo findPeer(PeerId peer, Duration timeout, QueryListener events) throws Exception;

    List<PeerInfo> findProvs(Cid cid, int max, Duration timeout, QueryListener events) throws Exception;

    byte[] get(byte[] key, Duration timeout, QueryListener events) throws Exception;

    /** Stores a record, as {@code publish} says; returns how many peers confirmed storing it. */
    int put(byte[] key, byte[] value, Duration timeout, PublishStrategy publish, QueryListener events) throws Exception;

    /**
     * Stores each block as a raw block (CIDv1, sha2-256) and announces it, as {@code publish} says;
     * returns the CID and peers reached of each.
     */
    List<Provided> provideBlocks(List<byte[]> blocks, Duration timeout, PublishStrategy publish, QueryListener events)
            throws Exception;

    List<PeerInfo> query(PeerId peer, Duration timeout, QueryListener events) throws Exception;

    @Override
    void close();

    record Provided(Cid cid, int peers) {}
}
