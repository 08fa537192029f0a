package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
    /** Runs every scenario of multiaddr.feature: string or packed form in, the other form and the components out. */
    @Test
    void featureFileScenarios() {
        List<String> lines = TestData.lines("multiaddr.feature");
        int scenarios = 0;
        Multiaddr current = null;
        List<String[]> table = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("Scenario")) {
                check(current, table);
                table.clear();
                scenarios++;
            } else if (line.startsWith("Given the multiaddr ")) {
                String v = line.substring("Given the multiaddr ".length());
                current = v.startsWith("0x") ? Multiaddr.decode(HexFormat.of().parseHex(v.substring(2))) : Multiaddr.parse(v);
            } else if (line.startsWith("Then the packed form is ")) {
                assertThat("0x" + HexFormat.of().formatHex(current.toBytes())).isEqualTo(line.substring(24));
            } else if (line.startsWith("Then the string form is ")) {
                assertThat(current.toString()).isEqualTo(line.substring(24));
            } else if (line.startsWith("And the packed size is ")) {
                assertThat(current.toBytes().length + " bytes").isEqualTo(line.substring(23));
            } else if (line.startsWith("And the string size is ")) {
                assertThat(current.toString().length() + " bytes").isEqualTo(line.substring(23));
            } else if (line.startsWith("|")) {
                table.add(java.util.Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toArray(String[]::new));
            }
        }
        check(current, table);
        assertThat(scenarios).isPositive();
    }

    private static void check(Multiaddr ma, List<String[]> table) {
        if (ma == null || table.isEmpty()) {
            return;
        }
        List<String> header = List.of(table.get(0));
        for (int i = 1; i < table.size(); i++) {
            String[] row = table.get(i);
            Multiaddr.Component c = ma.components().get(i - 1);
            assertThat(c.toString()).isEqualTo(row[header.indexOf("string")]);
            assertThat(c.protocol().protocolName()).isEqualTo(row[header.indexOf("protocol")]);
            assertThat(c.protocol().code()).isEqualTo(Integer.parseInt(row[header.indexOf("codec")]));
            assertThat(c.valueString()).isEqualTo(row[header.indexOf("value")]);
            assertThat("0x" + HexFormat.of().formatHex(c.value())).isEqualTo(row[header.indexOf("rawValue")]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/127.0.0.1/tcp/4001",
        "/ip6/::1/tcp/4001",
        "/ip6/2001:db8::1/udp/4001/quic-v1/webtransport",
        "/dns4/example.com/tcp/443/tls/ws",
        "/dnsaddr/bootstrap.libp2p.io",
        "/ip4/1.2.3.4/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/ip4/1.2.3.4/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA/p2p-circuit",
        "/unix/tmp/p2p.sock",
        "/onion/timaq4ygg2iegci7:1234",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234",
        "/ip4/127.0.0.1/udp/1234/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
        "/memory/test",
        "/ip6zone/x/ip6/fe80::1",
        "/ip4/1.2.3.4/ipcidr/24",
        "/sni/example.com",
        "/http-path/tmp%2Fbar"
    })
    void roundTripsTextAndBytes(String text) {
        Multiaddr ma = Multiaddr.parse(text);
        assertThat(ma.toString()).isEqualTo(text);
        assertThat(Multiaddr.decode(ma.toBytes())).isEqualTo(ma);
    }

    @Test
    void acceptsIpfsAndCidPeerIdsButPrintsP2pBase58() {
        String id = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
        Multiaddr viaIpfs = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/ipfs/" + id);
        assertThat(viaIpfs.toString()).isEqualTo("/ip4/1.2.3.4/tcp/1/p2p/" + id);
        Multihash mh = viaIpfs.peerIdMultihash().orElseThrow();
        String cid = Cid.v1(Multicodec.LIBP2P_KEY, mh).toString(Multibase.BASE36);
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + cid)).isEqualTo(viaIpfs);
        assertThat(viaIpfs.withoutPeerId().toString()).isEqualTo("/ip4/1.2.3.4/tcp/1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ip4/1.2.3.4", "/ip4", "/ip4/256.0.0.1", "/ip4/01.2.3.4", "/tcp/65536", "/tcp/-1",
        "/ip6/1.2.3.4", "/nope/1", "/p2p/notapeerid", "/onion/abc:1", "/dns4/", "/ip4/1.2.3.4/tcp/80/p2p"})
    void rejectsInvalidText(String text) {
        assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(InvalidMultiformatException.class);
    }

    @Test
    void rejectsInvalidBytes() {
        assertThatThrownBy(() -> Multiaddr.decode(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> Multiaddr.decode(new byte[] {4, 1, 2})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Multiaddr.decode(new byte[] {(byte) 0xff, 0x7f})).hasMessageContaining("unknown protocol");
        assertThatThrownBy(() -> Multiaddr.decode(new byte[] {(byte) 0xa5, 0x03, 0x02, 0x12, 0x05}))
                .isInstanceOf(InvalidMultiformatException.class); // /p2p with a bad multihash
    }
}
