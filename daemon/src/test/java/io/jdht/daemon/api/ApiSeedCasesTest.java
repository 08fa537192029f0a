package io.jdht.daemon.api;

import static io.jdht.daemon.api.ApiClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-era acceptance cases that have an API form (1, 2, 5, 8 to 11, 13, 15, 16), run over
 * HTTP. Three shared daemons, joined A ← B ← C; case 5 needs a daemon alone and starts its own.
 */
@Timeout(120)
class ApiSeedCasesTest extends DaemonNetworkTest {
    @TempDir
    static Path shared;

    static TestDaemons net;
    static ApiClient a;
    static ApiClient b;
    static ApiClient c;

    @BeforeAll
    static void network() {
        net = new TestDaemons(shared);
        List<ApiClient> apis = chain(net, 3);
        a = apis.get(0);
        b = apis.get(1);
        c = apis.get(2);
    }

    @AfterAll
    static void stopNetwork() {
        net.close();
    }

    private static String randomHex() {
        return HexFormat.of().formatHex(ApiAcceptanceTest.randomBytes(16));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The provider ids a findprovs on {@code from} reports. */
    private static List<String> providers(ApiClient from, String cid, int n) {
        HttpAnswer r = from.post("/api/v0/routing/findprovs?arg=" + cid + "&num-providers=" + n);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return Ndjson.responseIds(Ndjson.ofType(r.lines(), 4));
    }

    @Test
    void seed1_putOfTheSeedKeyWithAConnectedPeer() {
        HttpAnswer r = a.post("/api/v0/routing/put?arg=QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
                Multipart.of("data".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(Ndjson.ofType(r.lines(), 5)).hasSize(1);
        assertThat(r.streamError()).isNull();
        List<JsonNode> got = c.lines("/api/v0/routing/get?arg=QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertThat(got.getLast().path("Extra").asText()).isEqualTo(b64("data"));
    }

    @Test
    void seed2_getOnAnotherNodeAfterPut() {
        String key = randomHex();
        String value = randomHex();
        HttpAnswer put = a.post("/api/v0/routing/put?arg=" + key, Multipart.of(value.getBytes(StandardCharsets.UTF_8)));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        for (ApiClient other : List.of(b, c)) {
            List<JsonNode> got = other.lines("/api/v0/routing/get?arg=" + key);
            assertThat(got).hasSize(1);
            assertThat(got.getFirst().path("Type").asInt()).isEqualTo(5);
            assertThat(got.getFirst().path("Extra").asText()).isEqualTo(b64(value));
        }
    }

    @Test
    void seed5_putWithNoPeersNeedsAllowOfflineAndThenStoresLocally() {
        ApiClient alone = extra.start();
        String key = randomHex(); // no namespace: a daemon registers none besides /pk/ and /ipns/
        HttpAnswer refused = alone.post("/api/v0/routing/put?arg=" + enc(key), Multipart.of("v".getBytes(StandardCharsets.UTF_8)));
        assertThat(refused.status()).as("%s", refused).isEqualTo(500);
        assertThat(refused.errorMessage()).contains("offline");

        HttpAnswer put = alone.post("/api/v0/routing/put?allow-offline=true&arg=" + enc(key),
                Multipart.of("offline-value".getBytes(StandardCharsets.UTF_8)));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(Ndjson.ofType(put.lines(), 5)).hasSize(1);

        HttpAnswer got = alone.post("/api/v0/routing/get?arg=" + enc(key));
        assertThat(got.status()).as("%s", got).isEqualTo(200);
        assertThat(got.lines()).hasSize(1);
        assertThat(got.lines().getFirst().path("Extra").asText()).isEqualTo(b64("offline-value"));
    }

    @Test
    void seed8_addThenProvide() {
        String cid = a.add(ApiAcceptanceTest.randomBytes(300), "");
        assertThat(cid).startsWith("Qm");
        HttpAnswer r = a.post("/api/v0/routing/provide?arg=" + cid);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(providers(c, cid, 20)).containsExactly(a.peerId());
    }

    @Test
    void seed9_provideOfSeveralCids() {
        // block/put, unlike add, announces nothing by itself: what is found was provided here
        String one = a.blockPut(ApiAcceptanceTest.randomBytes(50));
        String two = a.blockPut(ApiAcceptanceTest.randomBytes(50));
        HttpAnswer r = a.post("/api/v0/routing/provide?arg=" + one + "&arg=" + two);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(providers(b, one, 20)).containsExactly(a.peerId());
        assertThat(providers(b, two, 20)).containsExactly(a.peerId());
    }

    @Test
    void seed10_provideIsAllOrNothing() {
        String held = a.blockPut(ApiAcceptanceTest.randomBytes(50));
        String missing = a.add(ApiAcceptanceTest.randomBytes(50), "only-hash=true");
        HttpAnswer r = a.post("/api/v0/routing/provide?arg=" + held + "&arg=" + missing);
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(r.errorMessage()).isEqualTo("block " + missing + " not found locally, cannot provide");
        // the block that is here was not announced either
        assertThat(providers(c, held, 20)).isEmpty();
        assertThat(providers(b, held, 20)).isEmpty();
    }

    @Test
    void seed11_cidV1FromAddIsProvidedAndFound() {
        String cid = b.add(ApiAcceptanceTest.randomBytes(80), "cid-version=1");
        assertThat(cid).startsWith("bafkrei");
        assertThat(b.post("/api/v0/routing/provide?arg=" + cid).status()).isEqualTo(200);
        assertThat(providers(a, cid, 20)).containsExactly(b.peerId());
        assertThat(providers(c, cid, 20)).containsExactly(b.peerId());
    }

    @Test
    void seed13And15_findprovsFindsBothProvidersOrJustOne() {
        byte[] content = ApiAcceptanceTest.randomBytes(70);
        String cid = b.add(content, "");
        assertThat(c.add(content, "")).isEqualTo(cid);
        assertThat(b.post("/api/v0/routing/provide?arg=" + cid).status()).isEqualTo(200);
        assertThat(c.post("/api/v0/routing/provide?arg=" + cid).status()).isEqualTo(200);
        assertThat(providers(a, cid, 20)).containsExactlyInAnyOrder(b.peerId(), c.peerId());
        assertThat(providers(a, cid, 1)).hasSize(1).isSubsetOf(b.peerId(), c.peerId());
    }

    @Test
    void seed16_queryContainsThePeer() {
        HttpAnswer r = c.post("/api/v0/dht/query?arg=" + b.peerId());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(Ndjson.ofType(r.lines(), 2).stream().map(e -> e.path("ID").asText())).contains(b.peerId());
    }
}
