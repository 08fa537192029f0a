package io.jdht.daemon.api;

import static io.jdht.daemon.api.ApiClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.PkRecord;
import io.jdht.daemon.config.RoutingType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other commands over HTTP: blocks, add, IPNS names, version, stats, shutdown, a daemon
 * without routing, and the browser-origin check. Two shared daemons, B connected to A.
 */
@Timeout(120)
class ApiCommandsTest extends DaemonNetworkTest {
    @TempDir
    static Path shared;

    static TestDaemons net;
    static ApiClient a;
    static ApiClient b;

    @BeforeAll
    static void network() {
        net = new TestDaemons(shared);
        List<ApiClient> apis = chain(net, 2);
        a = apis.get(0);
        b = apis.get(1);
    }

    @AfterAll
    static void stopNetwork() {
        net.close();
    }

    @Test
    void blockPutGetStatRm() {
        byte[] data = ApiAcceptanceTest.randomBytes(1000);
        HttpAnswer put = a.post("/api/v0/block/put", Multipart.of(data));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        String cid = put.json().path("Key").asText();
        assertThat(cid).startsWith("bafkrei");
        assertThat(put.json().path("Size").asInt()).isEqualTo(1000);

        HttpAnswer get = a.post("/api/v0/block/get?arg=" + cid);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(data);

        JsonNode stat = a.json("/api/v0/block/stat?arg=" + cid);
        assertThat(stat.path("Key").asText()).isEqualTo(cid);
        assertThat(stat.path("Size").asInt()).isEqualTo(1000);

        List<JsonNode> rm = a.lines("/api/v0/block/rm?arg=" + cid);
        assertThat(rm).hasSize(1);
        assertThat(rm.getFirst().path("Hash").asText()).isEqualTo(cid);
        assertThat(rm.getFirst().path("Error").asText()).isEmpty();

        assertThat(a.post("/api/v0/block/stat?arg=" + cid).status()).isEqualTo(500);
        HttpAnswer gone = a.post("/api/v0/block/get?arg=" + cid);
        assertThat(gone.status()).isEqualTo(500);
        assertThat(gone.errorMessage()).contains(cid);
        HttpAnswer again = a.post("/api/v0/block/rm?arg=" + cid);
        assertThat(again.status() == 500 ? again.errorMessage() : again.streamError()).as("%s", again)
                .isEqualTo("some blocks not removed");
    }

    @Test
    void addGivesKubosCids() {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        HttpAnswer v0 = a.post("/api/v0/add", new Multipart().file("hello.txt", hello));
        assertThat(v0.status()).as("%s", v0).isEqualTo(200);
        JsonNode line = v0.lines().getLast();
        assertThat(line.path("Hash").asText()).isEqualTo("QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN");
        assertThat(line.path("Name").asText()).isEqualTo("hello.txt");
        assertThat(line.path("Size").asText()).isEqualTo("14");
        assertThat(a.add(hello, "cid-version=1")).isEqualTo("bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am");
        // the block add stored is served back
        assertThat(a.post("/api/v0/block/get?arg=bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am").body())
                .isEqualTo(hello);
    }

    @Test
    void namePublishOnOneDaemonResolvesOnAnother() {
        String cid = a.add("a page\n".getBytes(StandardCharsets.UTF_8), "");
        JsonNode published = a.json("/api/v0/name/publish?arg=" + enc("/ipfs/" + cid));
        String name = published.path("Name").asText();
        assertThat(name).startsWith("k51");
        assertThat(published.path("Value").asText()).isEqualTo("/ipfs/" + cid);

        JsonNode resolved = b.json("/api/v0/name/resolve?arg=" + enc("/ipns/" + name));
        assertThat(resolved.path("Path").asText()).isEqualTo("/ipfs/" + cid);
        // by peer id too
        assertThat(b.json("/api/v0/name/resolve?arg=" + a.peerId()).path("Path").asText()).isEqualTo("/ipfs/" + cid);
    }

    @Test
    void provideAndPutTakeJdhtsOptimisticOption() {
        String cid = a.blockPut(ApiAcceptanceTest.randomBytes(32));
        HttpAnswer provided = a.post("/api/v0/routing/provide?optimistic=true&arg=" + cid);
        assertThat(provided.status()).as("%s", provided).isEqualTo(200);
        assertThat(provided.streamError()).as("%s", provided).isNull();
        HttpAnswer found = b.post("/api/v0/routing/findprovs?arg=" + cid);
        assertThat(Ndjson.responseIds(Ndjson.ofType(found.lines(), 4))).as("%s", found).contains(a.peerId());

        PkRecord record = PkRecord.fresh();
        HttpAnswer put = a.post("/api/v0/dht/put?optimistic=true&arg=" + enc(record.key()), Multipart.of(record.value()));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.streamError()).as("%s", put).isNull();
        assertThat(b.post("/api/v0/routing/get?arg=" + enc(record.key())).status()).isEqualTo(200);
        // a declared bool option: a value that is no bool is refused
        assertThat(a.post("/api/v0/routing/provide?optimistic=perhaps&arg=" + cid).status()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void versionAndStats() {
        JsonNode version = a.json("/api/v0/version");
        assertThat(version.path("Version").asText()).isNotEmpty();
        assertThat(version.has("Commit")).isTrue();
        assertThat(version.has("System")).isTrue();

        List<JsonNode> stats = a.lines("/api/v0/stats/dht");
        assertThat(stats).hasSize(1);
        assertThat(stats.getFirst().path("Name").asText()).isEqualTo("wan");
        assertThat(Tables.peers(a)).contains(b.peerId());
        assertThat(a.post("/api/v0/stats/dht?arg=lan").status()).isEqualTo(400);
    }

    @Test
    void shutdownStopsTheDaemon() throws Exception {
        ApiClient d = extra.start();
        Path apiFile = d.daemon().repo().apiFile();
        assertThat(apiFile).exists();
        HttpAnswer r = d.post("/api/v0/shutdown");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        d.daemon().closed().get(20, TimeUnit.SECONDS);
        assertThat(Files.exists(apiFile)).isFalse();
    }

    @Test
    void withoutRoutingEveryRoutingCallFails() {
        ApiClient off = extra.start(Map.of(), DaemonOptions.fromConfig().withRouting(RoutingType.NONE));
        String cid = off.blockPut("x".getBytes(StandardCharsets.UTF_8));
        String peer = a.peerId();
        List<String> calls = List.of(
                "/api/v0/routing/findpeer?arg=" + peer,
                "/api/v0/routing/findprovs?arg=" + cid,
                "/api/v0/routing/get?arg=" + enc("/test/k"),
                "/api/v0/routing/put?arg=" + enc("/test/k") + "&arg=v",
                "/api/v0/routing/provide?arg=" + cid,
                "/api/v0/dht/findpeer?arg=" + peer,
                "/api/v0/dht/findprovs?arg=" + cid,
                "/api/v0/dht/get?arg=" + enc("/test/k"),
                "/api/v0/dht/put?arg=" + enc("/test/k") + "&arg=v",
                "/api/v0/dht/provide?arg=" + cid,
                "/api/v0/dht/query?arg=" + peer,
                "/api/v0/name/publish?arg=" + enc("/ipfs/" + cid),
                "/api/v0/name/resolve?arg=" + peer);
        for (String call : calls) {
            HttpAnswer r = off.post(call);
            assertThat(r.status()).as("%s: %s", call, r).isGreaterThanOrEqualTo(400);
            assertThat(r.errorMessage()).as(call).isNotBlank();
        }
        // the rest of the API works
        assertThat(off.post("/api/v0/block/stat?arg=" + cid).status()).isEqualTo(200);
    }

    @Test
    void aForeignBrowserOriginIsRefusedUnlessAllowed() {
        HttpAnswer refused = a.post("/api/v0/version", "Origin: http://evil.example");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(a.post("/api/v0/version").status()).isEqualTo(200);

        ApiClient open = extra.start(Map.of("API.HTTPHeaders.Access-Control-Allow-Origin",
                JsonNodeFactory.instance.arrayNode().add("http://evil.example")), DaemonOptions.fromConfig());
        HttpAnswer allowed = open.post("/api/v0/version", "Origin: http://evil.example");
        assertThat(allowed.status()).as("%s", allowed).isEqualTo(200);
        assertThat(allowed.header("access-control-allow-origin")).isEqualTo("http://evil.example");
        assertThat(open.post("/api/v0/version", "Origin: http://other.example").status()).isEqualTo(403);
    }
}
