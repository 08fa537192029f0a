package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.PublishStrategy;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multiaddr;
import io.jdht.node.DhtMode;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived node of the command's own, with a fresh Ed25519 identity, that joins through the
 * {@code --bootstrap} peers and is closed when the command ends. A fresh identity keeps it from
 * colliding with a daemon that runs with the repo's identity; client mode (the default) because a
 * node that lives for one command should not be put in anyone's routing table.
 */
final class NodeBackend implements DhtBackend {
    /** Slack on top of the timeout: the Dht API enforces the deadline itself, this is a backstop. */
    private static final long GRACE_MILLIS = 5_000;
    private final Node node;
    private final Duration timeout;

    private NodeBackend(Node node, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
    }

    /**
     * Starts the node and joins; fails with a one-line reason when no bootstrap peer could be
     * reached or serves the DHT.
     */
    static NodeBackend join(List<Multiaddr> bootstrap, Multiaddr listen, boolean server, Duration timeout,
            boolean verbose, PrintWriter err) throws Exception {
        Node node = Node.builder().listen(List.of(listen)).mode(server ? DhtMode.SERVER : DhtMode.CLIENT)
                .bootstrap(bootstrap).build();
        NodeBackend b = new NodeBackend(node, timeout);
        try {
            b.await(node.start());
            List<PeerInfo> table = b.await(node.routingTable());
            int reached = 0;
            for (Multiaddr a : bootstrap) {
                PeerId peer = PeerId.fromBytes(a.peerIdMultihash().orElseThrow().toBytes());
                if (node.host().connection(peer).isPresent()) {
                    reached++;
                } else if (verbose) {
                    err.println("Bootstrap peer " + a + " could not be reached");
                }
            }
            if (table.isEmpty()) {
                throw new CommandFailure.Reported("could not join the DHT: none of the " + bootstrap.size()
                        + " --bootstrap peers could be reached or serves the DHT");
            }
            if (verbose) {
                err.println("Joined through " + reached + " of " + bootstrap.size() + " bootstrap peers; "
                        + table.size() + " peers in the routing table");
                err.flush();
            }
            return b;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    private <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static QueryOptions options(Duration timeout) {
        return QueryOptions.timeout(timeout);
    }

    @Override
    public PeerInfo findPeer(PeerId peer, Duration t, QueryListener events) throws Exception {
        return await(node.dht().findPeer(peer, options(t), events));
    }

    @Override
    public List<PeerInfo> findProvs(Cid cid, int max, Duration t, QueryListener events) throws Exception {
        return await(node.dht().findProvs(cid.hash(), new FindProvsOptions(t, max), events));
    }

    @Override
    public byte[] get(byte[] key, Duration t, QueryListener events) throws Exception {
        return await(node.dht().get(key, options(t), events));
    }

    @Override
    public int put(byte[] key, byte[] value, Duration t, PublishStrategy publish, QueryListener events) throws Exception {
        return await(node.dht().putAndCount(key, value, options(t).withPublish(publish), events));
    }

    @Override
    public List<Provided> provideBlocks(List<byte[]> blocks, Duration t, PublishStrategy publish, QueryListener events)
            throws Exception {
        List<Cid> cids = blocks.stream().map(b -> node.blocks().put(b)).toList();
        List<Integer> counts = await(node.dht().provideAndCount(cids, options(t).withPublish(publish), events));
        List<Provided> out = new ArrayList<>();
        for (int i = 0; i < cids.size(); i++) {
            out.add(new Provided(cids.get(i), counts.get(i)));
        }
        return out;
    }

    @Override
    public List<PeerInfo> query(PeerId peer, Duration t, QueryListener events) throws Exception {
        return await(node.dht().query(peer, options(t), events));
    }

    @Override
    public void close() {
        node.close();
    }
}
