package io.jdht.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.cli.api.ApiClient;
import io.jdht.cli.api.ApiClient.Call;
import io.jdht.crypto.PeerId;
import io.jdht.daemon.api.QueryEventJson;
import io.jdht.daemon.config.GoDuration;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.PublishStrategy;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Cid;
import io.jdht.node.DhtKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the operations on a daemon through its Kubo-compatible API: the daemon's routing commands
 * stream query events as NDJSON, which are handed to the listener as they come, and the command's
 * outcome is read from them (a Type 3 event without a peer is the query's own failure). Keys that
 * Kubo's text form cannot carry ({@code --key-base64}) go as base64 with jdht's {@code key-base64}
 * option.
 */
final class ApiBackend implements DhtBackend {
    /** The HTTP call may take this long beyond the operation's own timeout (the daemon enforces that). */
    private static final Duration SLACK = Duration.ofSeconds(10);
    private final ApiClient api;

    ApiBackend(ApiClient api) {
        this.api = api;
    }

    /** The options every routing call sends: the time budget, and verbose so that all events come. */
    private static Map<String, String> options(Duration timeout) {
        Map<String, String> o = new HashMap<>();
        o.put("timeout", GoDuration.format(timeout));
        o.put("verbose", "true");
        return o;
    }

    /** {@link #options(Duration)}, with jdht's {@code optimistic} option for put and provide when asked for. */
    private static Map<String, String> options(Duration timeout, PublishStrategy publish) {
        Map<String, String> o = options(timeout);
        if (publish == PublishStrategy.OPTIMISTIC) {
            o.put("optimistic", "true");
        }
        return o;
    }

    /** Runs a routing call, passing its progress events on, and returns every event it streamed. */
    private List<QueryEvent> events(Call call, Duration timeout, QueryListener listener) throws Exception {
        List<QueryEvent> all = new ArrayList<>();
        api.stream(call, timeout.plus(SLACK), json -> {
            QueryEvent e = QueryEventJson.read(json);
            all.add(e);
            listener.onEvent(e);
        });
        return all;
    }

    /** The query's own failure, if the stream carried one: a Type 3 event with no peer. */
    private static void throwIfFailed(List<QueryEvent> events, String what) throws CommandFailure.Reported {
        for (QueryEvent e : events) {
            if (e instanceof QueryEvent.QueryError err && err.peer() == null) {
                throw new CommandFailure.Reported(what + ": " + err.message());
            }
        }
    }

    @Override
    public PeerInfo findPeer(PeerId peer, Duration timeout, QueryListener listener) throws Exception {
        List<QueryEvent> events = events(Call.of("routing/findpeer", List.of(peer.toString()), options(timeout)), timeout, listener);
        for (QueryEvent e : events) {
            if (e instanceof QueryEvent.FinalPeer f && f.peer().id().equals(peer)) {
                return f.peer();
            }
        }
        throwIfFailed(events, "findpeer " + peer);
        throw new CommandFailure.Reported("findpeer " + peer + ": routing: not found");
    }

    @Override
    public List<PeerInfo> findProvs(Cid cid, int max, Duration timeout, QueryListener listener) throws Exception {
        Map<String, String> o = options(timeout);
        o.put("num-providers", Integer.toString(max));
        List<PeerInfo> found = new ArrayList<>();
        for (QueryEvent e : events(Call.of("routing/findprovs", List.of(cid.toString()), o), timeout, listener)) {
            if (e instanceof QueryEvent.Provider p && found.stream().noneMatch(f -> f.id().equals(p.provider().id()))) {
                found.add(p.provider());
            }
        }
        return found;
    }

    @Override
    public byte[] get(byte[] key, Duration timeout, QueryListener listener) throws Exception {
        List<QueryEvent> events = events(keyed("routing/get", key, options(timeout)), timeout, listener);
        for (QueryEvent e : events) {
            if (e instanceof QueryEvent.Value v) {
                return v.value();
            }
        }
        throwIfFailed(events, "get " + DhtKeys.format(key));
        throw new CommandFailure.Reported("get " + DhtKeys.format(key) + ": routing: not found");
    }

    @Override
    public int put(byte[] key, byte[] value, Duration timeout, PublishStrategy publish, QueryListener listener)
            throws Exception {
        List<QueryEvent> events = events(keyed("routing/put", key, options(timeout, publish)).withFile(value), timeout,
                listener);
        throwIfFailed(events, "put " + DhtKeys.format(key));
        // with verbose, one PeerResponse per peer that took the record
        return (int) events.stream().filter(QueryEvent.PeerResponse.class::isInstance).count();
    }

    @Override
    public List<Provided> provideBlocks(List<byte[]> blocks, Duration timeout, PublishStrategy publish,
            QueryListener listener) throws Exception {
        List<Provided> out = new ArrayList<>();
        for (byte[] block : blocks) {
            JsonNode stat = api.single(Call.of("block/put", List.of(), Map.of("cid-codec", "raw", "mhtype", "sha2-256"))
                    .withFile(block), timeout.plus(SLACK));
            Cid cid = Cid.parse(stat.path("Key").asText());
            List<QueryEvent> events = events(Call.of("routing/provide", List.of(cid.toString()), options(timeout, publish)),
                    timeout, listener);
            throwIfFailed(events, "provide " + cid);
            long adding = events.stream().filter(QueryEvent.AddingPeer.class::isInstance).count();
            long failed = events.stream().filter(e -> e instanceof QueryEvent.QueryError err && err.peer() != null).count();
            out.add(new Provided(cid, (int) Math.max(0, adding - failed)));
        }
        return out;
    }

    @Override
    public List<PeerInfo> query(PeerId peer, Duration timeout, QueryListener listener) throws Exception {
        List<QueryEvent> events = events(Call.of("dht/query", List.of(peer.toString()), options(timeout)), timeout, listener);
        List<PeerInfo> closest = new ArrayList<>();
        for (QueryEvent e : events) {
            if (e instanceof QueryEvent.FinalPeer f) {
                closest.add(f.peer());
            }
        }
        if (closest.isEmpty()) {
            throwIfFailed(events, "query " + peer);
        }
        return closest;
    }

    /** A call whose argument is a record key: Kubo's text form when it has one, else base64 with key-base64. */
    private static Call keyed(String command, byte[] key, Map<String, String> options) {
        String text = DhtKeys.format(key);
        boolean roundTrips;
        try {
            roundTrips = java.util.Arrays.equals(DhtKeys.parse(text), key);
        } catch (RuntimeException e) {
            roundTrips = false;
        }
        if (roundTrips) {
            return Call.of(command, List.of(text), options);
        }
        Map<String, String> o = new HashMap<>(options);
        o.put("key-base64", "true");
        return Call.of(command, List.of(Base64.getEncoder().encodeToString(key)), o);
    }

    @Override
    public void close() {
        // nothing held: each call is its own HTTP request
    }
}
