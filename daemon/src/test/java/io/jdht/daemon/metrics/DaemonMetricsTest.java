package io.jdht.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.crypto.KeyType;
import io.jdht.daemon.Daemon;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.PkRecord;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.repo.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus page of a running daemon, after real DHT work. */
class DaemonMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static String base(Daemon d) {
        var c = d.apiAddress().components();
        return "http://" + c.get(0).valueString() + ":" + c.get(1).valueString();
    }

    private HttpResponse<String> send(String method, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String page, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(page);
        assertThat(m.find()).as("series %s in the page", series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void reportsTheRoutingTableOperationsRequestsAndStore() throws Exception {
        Repo a = Repo.at(dir.resolve("a"));
        a.init(KeyType.ED25519, "test");
        Repo b = Repo.at(dir.resolve("b"));
        b.init(KeyType.ED25519, "test");
        try (Daemon first = Daemon.start(a, DaemonOptions.fromConfig());
                Daemon second = Daemon.start(b, DaemonOptions.fromConfig()
                        .withBootstrap(List.of(first.node().addresses().getFirst())).withRouting(RoutingType.DHTSERVER))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> second.node().routingTable().join().size() == 1);
            var put = send("POST", base(second) + "/api/v0/routing/put?arg=/test/metrics&allow-offline=true");
            // no file part: a client error, counted nowhere; then a real put through the Java API
            assertThat(put.statusCode()).isEqualTo(400);
            PkRecord record = PkRecord.fresh();
            second.node().dht().put(record.keyBytes(), record.value()).join();

            var page = send("GET", base(second) + "/debug/metrics/prometheus");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            String text = page.body();
            assertThat(value(text, "jdht_routing_table_peers")).isEqualTo(1.0);
            assertThat(value(text, "jdht_connections")).isGreaterThanOrEqualTo(1.0);
            assertThat(value(text, "jdht_connections_pending")).isZero();
            assertThat(value(text, "jdht_connections_trimmed_total")).isZero();
            assertThat(value(text, "jdht_connections_refused_total")).isZero();
            assertThat(value(text, "jdht_resource_memory_bytes")).isNotNegative();
            assertThat(value(text, "jdht_dht_records")).isEqualTo(1.0);
            assertThat(value(text, "jdht_dht_published_records")).isEqualTo(1.0);
            assertThat(value(text, "jdht_dht_operation_seconds_count{operation=\"put\",outcome=\"ok\"}")).isEqualTo(1.0);
            assertThat(text).contains("jdht_dht_operation_seconds_bucket{operation=\"put\",outcome=\"ok\",le=");
            assertThat(value(text, "jdht_routing_table_bucket_peers{bucket=\"" + bucketOf(text) + "\"}")).isEqualTo(1.0);
            assertThat(value(text, "jdht_datastore_bytes")).isPositive();
            assertThat(text).contains("jvm_memory_used_bytes");

            // the first daemon answered the second's FIND_NODE (admission) and its PUT_VALUE
            String firstPage = send("GET", base(first) + "/debug/metrics/prometheus").body();
            assertThat(value(firstPage, "jdht_dht_inbound_requests_total{type=\"FIND_NODE\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(value(firstPage, "jdht_dht_inbound_requests_total{type=\"PUT_VALUE\"}")).isEqualTo(1.0);
            assertThat(value(firstPage, "jdht_dht_records")).isEqualTo(1.0);

            assertThat(send("POST", base(second) + "/debug/metrics/prometheus").statusCode()).isIn(200, 405);
        }
    }

    private static String bucketOf(String page) {
        Matcher m = Pattern.compile("jdht_routing_table_bucket_peers\\{bucket=\"(\\d+)\"\\}").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
