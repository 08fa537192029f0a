package io.jdht.daemon.api;

import static io.jdht.daemon.api.ApiClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.daemon.DaemonOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests: each gets an error in Kubo's shape, and the daemon goes on serving. Two shared
 * daemons (B connected to A), so that routing commands get as far as they can.
 */
@Timeout(120)
class ApiBadRequestTest extends DaemonNetworkTest {
    @TempDir
    static Path shared;

    static TestDaemons net;
    static ApiClient a;
    static ApiClient b;
    static String block;

    /** A request and what its error must say. */
    record Bad(String target, int status, String message) {}

    @BeforeAll
    static void network() {
        net = new TestDaemons(shared);
        List<ApiClient> apis = chain(net, 2);
        a = apis.get(0);
        b = apis.get(1);
        block = a.blockPut("here".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopNetwork() {
        net.close();
    }

    /** Kubo's error body: {"Message", "Code", "Type":"error"}, code 1 for a 400 and 0 for a 500. */
    static void assertKuboError(HttpAnswer r, Bad bad) {
        assertThat(r.status()).as("%s -> %s", bad.target(), r).isEqualTo(bad.status());
        assertThat(r.header("content-type")).as("%s -> %s", bad.target(), r).startsWith("application/json");
        JsonNode j = r.json();
        assertThat(j.path("Type").asText()).as(bad.target()).isEqualTo("error");
        assertThat(j.path("Code").asInt()).as(bad.target()).isEqualTo(bad.status() == 400 ? 1 : 0);
        assertThat(j.path("Message").asText()).as(bad.target()).contains(bad.message());
    }

    /** A later good request is served, routing included. */
    static void stillServing(ApiClient d) {
        assertThat(d.json("/api/v0/version").path("Version").asText()).isNotEmpty();
        assertThat(d.json("/api/v0/block/stat?arg=" + block).path("Key").asText()).isEqualTo(block);
        HttpAnswer found = d.post("/api/v0/routing/findpeer?arg=" + b.peerId());
        assertThat(Ndjson.ofType(found.lines(), 2)).as("%s", found).isNotEmpty();
    }

    private static void check(List<Bad> cases) {
        for (Bad bad : cases) {
            assertKuboError(a.post(bad.target()), bad);
        }
        stillServing(a);
    }

    @Test
    void missingArguments() {
        check(List.of(
                new Bad("/api/v0/routing/findpeer", 400, "argument \"peerID\" is required"),
                new Bad("/api/v0/dht/findpeer", 400, "argument \"peerID\" is required"),
                new Bad("/api/v0/routing/findprovs", 400, "argument \"key\" is required"),
                new Bad("/api/v0/routing/get", 400, "argument \"key\" is required"),
                new Bad("/api/v0/routing/put", 400, "argument \"key\" is required"),
                new Bad("/api/v0/routing/put?arg=%2Ftest%2Fk", 400, "file argument 'value-file' is required"),
                new Bad("/api/v0/routing/provide", 400, "argument \"key\" is required"),
                new Bad("/api/v0/dht/query", 400, "argument \"peerID\" is required"),
                new Bad("/api/v0/block/get", 400, "argument \"cid\" is required"),
                new Bad("/api/v0/block/stat", 400, "argument \"cid\" is required"),
                new Bad("/api/v0/block/rm", 400, "argument \"cid\" is required"),
                new Bad("/api/v0/block/put", 400, "file argument 'data' is required"),
                new Bad("/api/v0/add", 400, "file argument 'path' is required"),
                new Bad("/api/v0/name/publish", 400, "argument \"ipfs-path\" is required"),
                new Bad("/api/v0/swarm/connect", 400, "argument \"address\" is required")));
    }

    @Test
    void malformedArgumentsAndBadCids() {
        check(List.of(
                new Bad("/api/v0/routing/findpeer?arg=notapeer", 500, "invalid peer ID"),
                new Bad("/api/v0/dht/query?arg=notapeer", 400, "invalid peer ID"),
                new Bad("/api/v0/routing/findprovs?arg=notacid", 500, "invalid CID"),
                new Bad("/api/v0/routing/findprovs?arg=QmTooShort", 500, "invalid CID"),
                new Bad("/api/v0/routing/provide?arg=notacid", 500, "invalid CID"),
                new Bad("/api/v0/routing/provide?arg=" + block + "&arg=zzz", 500, "invalid CID"),
                new Bad("/api/v0/block/get?arg=bafy", 500, "invalid CID"),
                new Bad("/api/v0/block/stat?arg=%00%01", 500, "invalid CID"),
                new Bad("/api/v0/block/rm?arg=nope", 500, "invalid CID"),
                new Bad("/api/v0/id?arg=notapeer", 500, "invalid peer ID"),
                new Bad("/api/v0/swarm/connect?arg=garbage", 400, "invalid peer address"),
                new Bad("/api/v0/swarm/connect?arg=" + enc("/ip4/127.0.0.1/tcp/4001"), 400, "/p2p/"),
                new Bad("/api/v0/name/publish?arg=notapath", 500, "invalid path"),
                new Bad("/api/v0/name/resolve?arg=notaname", 500, "notaname"),
                new Bad("/api/v0/routing/findpeer?arg=a&arg=b", 400, "argument")));
    }

    @Test
    void badKeys() {
        HttpAnswer emptyBase64Key = a.post("/api/v0/routing/get?key-base64=true&arg=", "X-Unused: 1");
        assertThat(emptyBase64Key.status()).as("%s", emptyBase64Key).isIn(400, 500);
        check(List.of(
                new Bad("/api/v0/routing/get?arg=" + enc("/ipns/notapeer"), 500, "invalid key"),
                new Bad("/api/v0/routing/get?arg=" + enc("/pk/notapeer"), 500, "invalid key"),
                new Bad("/api/v0/routing/get?key-base64=true&arg=" + enc("***"), 500, "invalid key"),
                new Bad("/api/v0/routing/put?arg=" + enc("/ipns/notapeer") + "&arg=v", 500, "invalid key"),
                new Bad("/api/v0/routing/get?arg=", 500, "invalid key")));
        // a value its namespace's validator refuses: not an IPNS record
        HttpAnswer badRecord = a.post("/api/v0/routing/put?arg=" + enc("/ipns/" + b.peerId()),
                Multipart.of("not a record".getBytes(StandardCharsets.UTF_8)));
        assertThat(badRecord.status()).as("%s", badRecord).isIn(400, 500);
        assertThat(badRecord.errorMessage()).isNotBlank();
        stillServing(a);
    }

    @Test
    void malformedOptions() {
        check(List.of(
                new Bad("/api/v0/routing/findprovs?arg=" + block + "&num-providers=many", 400, "num-providers"),
                new Bad("/api/v0/routing/findpeer?arg=" + b.peerId() + "&verbose=maybe", 400, "verbose"),
                new Bad("/api/v0/routing/findpeer?arg=" + b.peerId() + "&timeout=banana", 400, "timeout"),
                new Bad("/api/v0/routing/findpeer?arg=" + b.peerId() + "&timeout=10", 400, "timeout"),
                new Bad("/api/v0/version?timeout=-", 400, "timeout"),
                new Bad("/api/v0/name/publish?arg=%2Fipfs%2F" + block + "&lifetime=forever", 400, "lifetime"),
                new Bad("/api/v0/routing/findprovs?arg=" + block + "&num-providers=1&n=2", 400, "duplicate")));
        byte[] file = "content".getBytes(StandardCharsets.UTF_8);
        assertKuboError(a.post("/api/v0/add?cid-version=7", Multipart.of(file)), new Bad("add", 400, "cid-version"));
        assertKuboError(a.post("/api/v0/add?chunker=rabin", Multipart.of(file)), new Bad("add", 400, "chunker"));
        assertKuboError(a.post("/api/v0/block/put?cid-codec=json", Multipart.of(file)), new Bad("block/put", 400, "cid-codec"));
        stillServing(a);
    }

    @Test
    void wrongMethodsAndUnknownCommands() throws IOException {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            HttpAnswer r = a.request(method, "/api/v0/routing/findpeer?arg=" + b.peerId(), null);
            assertThat(r.status()).as("%s -> %s", method, r).isEqualTo(405);
        }
        for (String path : List.of("/api/v0/nothing", "/api/v0/routing", "/api/v0/routing/findpeers", "/api/v1/id", "/")) {
            HttpAnswer r = a.post(path);
            assertThat(r.status()).as("%s -> %s", path, r).isEqualTo(404);
        }
        try (RawClient raw = a.raw()) { // a broken %-escape
            raw.send(RawClient.head("POST", "/api/v0/id?arg=%zz", 0));
            assertThat(raw.read().status()).isEqualTo(400);
        }
        try (RawClient raw = a.raw()) { // not HTTP at all
            raw.send("HELLO THERE\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(400);
        }
        stillServing(a);
    }

    @Test
    void oversizedBodies() {
        ApiClient small = extra.start(Map.of("Jdht.Api.MaxRequestBodyBytes", JsonNodeFactory.instance.numberNode(4096)),
                DaemonOptions.fromConfig());
        HttpAnswer tooLarge = small.post("/api/v0/block/put", Multipart.of(new byte[10_000]));
        assertThat(tooLarge.status()).as("%s", tooLarge).isEqualTo(413);
        assertThat(small.json("/api/v0/version").path("Version").asText()).isNotEmpty();
        assertThat(small.blockPut(new byte[1000])).startsWith("bafkrei");

        // within the body limit but over a command's own: a block over 1 MiB, a record value over 1 MiB
        HttpAnswer bigBlock = a.post("/api/v0/block/put", Multipart.of(new byte[(1 << 20) + 1]));
        assertKuboError(bigBlock, new Bad("block/put", 500, "over 1MiB"));
        HttpAnswer bigValue = a.post("/api/v0/routing/put?arg=%2Ftest%2Fbig", Multipart.of(new byte[(1 << 20) + 1]));
        assertKuboError(bigValue, new Bad("routing/put", 400, "at most"));
        stillServing(a);
    }
}
