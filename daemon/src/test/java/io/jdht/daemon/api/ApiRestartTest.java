package io.jdht.daemon.api;

import static io.jdht.daemon.api.ApiClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.PkRecord;
import io.jdht.daemon.repo.Repo;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API acknowledged survives a restart: a daemon on the default datastore (mvstore)
 * takes a record, a block, a provide and an IPNS publish, is closed and started again on the same
 * repo. Its one peer keeps nothing (memory datastore) and comes back on the same port empty, so
 * whatever the restarted daemon still knows came from its own disk.
 */
@Timeout(120)
class ApiRestartTest {
    @TempDir
    Path dir;
    TestDaemons net;

    @BeforeEach
    void start() {
        net = new TestDaemons(dir);
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private static long ipnsSequence(ApiClient d) throws Exception {
        List<JsonNode> got = d.lines("/api/v0/routing/get?arg=" + enc("/ipns/" + d.peerId()));
        assertThat(got).hasSize(1);
        return IpnsRecord.parse(Base64.getDecoder().decode(got.getFirst().path("Extra").asText())).sequence();
    }

    @Test
    void acknowledgedWritesAndTheTableSurviveARestart() throws Exception {
        Map<String, JsonNode> forgetful = Map.of("Datastore.Type", JsonNodeFactory.instance.textNode("memory"));
        Repo peerRepo = net.newRepo(forgetful);
        ApiClient peer = net.startOn(peerRepo, DaemonOptions.fromConfig());
        String peerPort = Multiaddr.parse(peer.firstAddress()).components().get(1).valueString();
        ApiClient p = net.start();
        Repo repo = p.daemon().repo();
        String self = p.peerId();
        p.connect(peer);
        Tables.awaitContains(p, peer);

        PkRecord record = PkRecord.fresh();
        String key = record.key();
        byte[] value = record.value();
        assertThat(p.post("/api/v0/routing/put?arg=" + enc(key), Multipart.of(value)).status()).isEqualTo(200);
        String cid = p.blockPut("a block worth keeping".getBytes(StandardCharsets.UTF_8));
        assertThat(p.post("/api/v0/routing/provide?arg=" + cid).status()).isEqualTo(200);
        JsonNode published = p.json("/api/v0/name/publish?arg=" + enc("/ipfs/" + cid));
        assertThat(published.path("Value").asText()).isEqualTo("/ipfs/" + cid);
        long before = ipnsSequence(p);

        p.daemon().close();
        // the peer forgets everything it was told and comes back where it was
        peer.daemon().close();
        ApiClient peerAgain = net.startOn(peerRepo, DaemonOptions.fromConfig()
                .withSwarm(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + peerPort))));
        assertThat(Tables.peers(peerAgain)).isEmpty();

        ApiClient again = net.startOn(repo, DaemonOptions.fromConfig());
        assertThat(again.peerId()).isEqualTo(self);
        // the table is back without a swarm/connect: the peer came back empty and knows nobody
        assertThat(Tables.peers(again)).contains(peerAgain.peerId());

        List<JsonNode> got = again.lines("/api/v0/routing/get?arg=" + enc(key));
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().path("Extra").asText()).isEqualTo(Base64.getEncoder().encodeToString(value));

        assertThat(again.post("/api/v0/block/get?arg=" + cid).body())
                .isEqualTo("a block worth keeping".getBytes(StandardCharsets.UTF_8));

        HttpAnswer providers = again.post("/api/v0/routing/findprovs?arg=" + cid);
        assertThat(Ndjson.responseIds(Ndjson.ofType(providers.lines(), 4))).as("%s", providers).contains(self);

        assertThat(ipnsSequence(again)).isEqualTo(before);
        again.json("/api/v0/name/publish?arg=" + enc("/ipfs/" + cid));
        assertThat(ipnsSequence(again)).isGreaterThan(before);
        // and the name resolves from the peer, which knew nothing of it after its restart
        assertThat(peerAgain.json("/api/v0/name/resolve?arg=" + self).path("Path").asText()).isEqualTo("/ipfs/" + cid);
    }
}
