package io.jdht.daemon.api;

import static io.jdht.daemon.api.ApiClient.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.multiformats.Multiaddr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups that cannot finish on their own: A's routing table holds a peer whose port now accepts
 * connections and never answers, so a lookup that asks it waits until that dial gives up (10 s
 * and more). A client that hangs up, or the request's timeout, must end it long before.
 */
@Timeout(60)
class ApiStalledLookupTest {
    @TempDir
    Path dir;
    TestDaemons net;
    SilentPeer silent;
    ApiClient a;
    ApiClient b;

    @BeforeEach
    void start() throws Exception {
        net = new TestDaemons(dir);
        a = net.start();
        b = net.start();
        ApiClient d = net.start();
        b.connect(a);
        d.connect(a);
        Tables.awaitContains(a, b, d);
        int port = Integer.parseInt(Multiaddr.parse(d.firstAddress()).components().get(1).valueString());
        d.daemon().close();
        silent = new SilentPeer(port);
    }

    @AfterEach
    void stop() throws Exception {
        net.close();
        if (silent != null) {
            silent.close();
        }
    }

    @Test
    void hangingUpMidStreamStopsTheLookup() throws Exception {
        String target = "/api/v0/routing/findpeer?arg=" + ApiAcceptanceTest.randomPeerId();
        try (RawClient raw = a.raw()) {
            raw.send(RawClient.head("POST", target, 0));
            HttpAnswer head = raw.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(raw.chunk()).as("the first event").isNotNull();
            assertThat(a.daemon().runningApiCommands()).as("the lookup waits for the silent peer").isEqualTo(1);
        } // hangs up here, in the middle of the stream

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> a.daemon().runningApiCommands() == 0);
        assertThat(a.json("/api/v0/version").path("Version").asText()).isNotEmpty();
        HttpAnswer found = a.post("/api/v0/routing/findpeer?arg=" + b.peerId());
        assertThat(Ndjson.ofType(found.lines(), 2)).as("%s", found).isNotEmpty();
    }

    @Test
    void theTimeoutEndsTheLookupAndSaysSo() {
        String nobody = a.add(ApiAcceptanceTest.randomBytes(64), "only-hash=true&cid-version=1");
        List<String> targets = List.of(
                "/api/v0/routing/get?arg=" + enc("/ipns/" + ApiAcceptanceTest.randomPeerId()),
                "/api/v0/routing/findpeer?arg=" + ApiAcceptanceTest.randomPeerId(),
                "/api/v0/routing/findprovs?arg=" + nobody);
        for (String target : targets) {
            HttpAnswer r = a.post(target + "&timeout=1s");
            assertThat(r.status()).as("%s -> %s", target, r).isEqualTo(200);
            List<JsonNode> events = r.lines();
            // what the lookup did, the silent peer included, and then why it stopped
            assertThat(Ndjson.ofType(events, 0)).as("%s -> %s", target, r).isNotEmpty();
            assertThat(events.getLast().path("Type").asInt()).as("%s -> %s", target, r).isEqualTo(3);
            assertThat(events.getLast().path("Extra").asText()).isEqualTo("context deadline exceeded");
            assertThat(r.streamError()).as("%s -> %s", target, r).isEqualTo("context deadline exceeded");
        }
        // the slot is given back just after the last byte went out
        await().atMost(Duration.ofSeconds(5)).until(() -> a.daemon().runningApiCommands() == 0);
    }
}
