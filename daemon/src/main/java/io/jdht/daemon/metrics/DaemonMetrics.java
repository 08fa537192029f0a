package io.jdht.daemon.metrics;

import io.jdht.daemon.http.Page;
import io.jdht.kad.EngineCounters;
import io.jdht.kad.wire.KadMessage;
import io.jdht.net.host.Connection;
import io.jdht.node.DhtObserver;
import io.jdht.node.Node;
import io.jdht.node.NodeStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's metrics, served as Prometheus text at {@code /debug/metrics/prometheus}: the
 * routing table (size, peers per bucket), connections and streams, DHT operations by type and
 * outcome with latency histograms, inbound requests by type, records and provider keys held, the
 * renewal lists and the progress of the latest reprovide and republish rounds, the datastore's
 * size and write backlog, and the JVM's memory and threads.
 *
 * <p>The DHT's numbers live on its thread, so a scrape first takes one {@link NodeStats} snapshot
 * there (waiting at most {@link #STATS_WAIT}) and every gauge reads that snapshot: one hop per
 * scrape, not one per gauge, and never a read of DHT state from the scrape thread.
 */
public final class DaemonMetrics implements DhtObserver {
    static final Duration STATS_WAIT = Duration.ofSeconds(2);
    private static final NodeStats EMPTY = new NodeStats(0, new int[0], 0, 0, 0, 0,
            new EngineCounters().snapshot());

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile NodeStats last = EMPTY;
    private Node node;
    private MultiGauge buckets;

    public DaemonMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Starts reporting on a node; {@code datastoreFile} and {@code pendingWrites} when it has a datastore on disk. */
    public void bind(Node node, Optional<Path> datastoreFile, LongSupplier pendingWrites) {
        this.node = node;
        stat("jdht_routing_table_peers", "peers in the routing table", s -> s.routingTablePeers());
        stat("jdht_dht_records", "value records held for the DHT", s -> s.records());
        stat("jdht_dht_provider_keys", "keys with provider records held", s -> s.providerKeys());
        stat("jdht_dht_provided_keys", "keys this node provides", s -> s.providedKeys());
        stat("jdht_dht_published_records", "records this node put itself", s -> s.publishedRecords());
        buckets = MultiGauge.builder("jdht_routing_table_bucket_peers")
                .description("peers per routing-table bucket (by common-prefix length)").register(registry);
        for (KadMessage.MessageType type : KadMessage.MessageType.values()) {
            FunctionCounter.builder("jdht_dht_inbound_requests", this,
                            m -> m.last.counters().inbound().getOrDefault(type, 0L))
                    .description("DHT requests received from peers").tag("type", type.name()).register(registry);
        }
        renewal("reprovide", s -> s.counters().reprovide());
        renewal("republish", s -> s.counters().republish());
        Gauge.builder("jdht_connections", node, n -> n.host().connectionManager().size())
                .description("open connections").register(registry);
        Gauge.builder("jdht_streams", node, n -> streams(n.host().connectionManager().connections()))
                .description("open yamux streams, all connections").register(registry);
        Gauge.builder("jdht_connections_pending", node, n -> n.host().connectionManager().pendingHandshakes())
                .description("connections accepted or dialled, still in their handshake").register(registry);
        FunctionCounter.builder("jdht_connections_trimmed", node, n -> n.host().connectionManager().trimmedCount())
                .description("connections closed by trimming above the high watermark").register(registry);
        FunctionCounter.builder("jdht_connections_refused", node, n -> n.host().connectionManager().refusedCount())
                .description("inbound connections refused at accept (caps or rate)").register(registry);
        Gauge.builder("jdht_resource_memory", node, n -> n.host().resourceManager().node().memoryUsed())
                .description("bytes peers hold reserved in buffers (partial frames, queues)").baseUnit("bytes")
                .register(registry);
        datastoreFile.ifPresent(file -> Gauge.builder("jdht_datastore_bytes", file, DaemonMetrics::size)
                .description("size of the datastore file").baseUnit("bytes").register(registry));
        Gauge.builder("jdht_datastore_pending_writes", pendingWrites, s -> s.getAsLong())
                .description("changes waiting for the datastore's writer").register(registry);
    }

    private void stat(String name, String description, ToDoubleFunction<NodeStats> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.last)).description(description).register(registry);
    }

    private void renewal(String what, java.util.function.Function<NodeStats, Optional<EngineCounters.Renewal>> round) {
        String name = "jdht_" + what + "_round_keys";
        for (String state : List.of("total", "done", "failed")) {
            Gauge.builder(name, this, m -> round.apply(m.last).map(r -> switch (state) {
                        case "total" -> r.total();
                        case "done" -> r.done();
                        default -> r.failed();
                    }).orElse(0))
                    .description("keys of the latest " + what + " round, by state").tag("state", state).register(registry);
        }
    }

    private static double streams(List<Connection> connections) {
        long n = 0;
        for (Connection c : connections) {
            n += c.streamCount();
        }
        return n;
    }

    private static double size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void completed(String operation, Duration took, String outcome) {
        Timer.builder("jdht_dht_operation")
                .description("DHT operations run by this node, by type and outcome")
                .tags(Tags.of("operation", operation, "outcome", outcome))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry)
                .record(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text of every metric, with the DHT numbers taken now. */
    public Page render() {
        refresh();
        return new Page(Page.PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private void refresh() {
        if (node == null) {
            return;
        }
        try {
            last = node.stats().get(STATS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return; // a busy or closing node: the previous numbers stand
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        int[] sizes = last.bucketSizes();
        for (int b = 0; b < sizes.length; b++) {
            if (sizes[b] > 0) {
                rows.add(MultiGauge.Row.of(Tags.of("bucket", Integer.toString(b)), sizes[b]));
            }
        }
        buckets.register(rows, true);
    }
}
