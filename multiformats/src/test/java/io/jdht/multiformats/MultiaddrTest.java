package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
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
        "/http-path/tmp%2Fbar",
        "/ip6/::ffff:1.2.3.4/tcp/1",
        "/ip4/1.2.3.4/tcp/1/tls/sni/example.com/http/http-path/a%20b",
        "/ip4/1.2.3.4/udp/1/quic-v1/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/p2p-circuit/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA",
        "/ip4/1.2.3.4/udp/1/webrtc",
        "/dns6/example.com/tcp/443/wss",
        "/dns/example.com/tcp/443/https",
        "/ip4/1.2.3.4/dccp/5/sctp/6/udt/utp",
        "/ip4/1.2.3.4/tcp/1/noise",
        "/ip4/1.2.3.4/udp/1/quic",
        "/ip4/1.2.3.4/tcp/1/p2p-webrtc-star/p2p-webrtc-direct/p2p-stardust/p2p-websocket-star"
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

    @Test
    void peerIdsMustBeSha256OrIdentityMultihashes() {
        Multihash sha1 = Multihash.digest(Multicodec.SHA1, new byte[] {1});
        String asCid = Cid.v1(Multicodec.LIBP2P_KEY, sha1).toString();
        assertThatThrownBy(() -> Multiaddr.parse("/p2p/" + asCid)).hasMessageContaining("sha2-256");
        Multihash shortSha256 = Multihash.digest(Multicodec.SHA2_256, 128, new byte[] {1});
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.P2P, shortSha256.toBytes()))
                .hasMessageContaining("sha2-256");
        byte[] identity = Multihash.identity(new byte[36]).toBytes();
        assertThat(new Multiaddr.Component(MultiaddrProtocol.P2P, identity).valueString()).startsWith("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "ip4/1.2.3.4", "/ip4", "/ip4/256.0.0.1", "/ip4/01.2.3.4", "/ip4/1.2.3",
        "/tcp/65536", "/tcp/-1", "/tcp/+1", "/tcp/1x", "/ip6/1.2.3.4", "/ip6/fe80::1%eth0", "/nope/1",
        "/p2p/notapeerid", "/onion/abc:1", "/onion/timaq4ygg2iegci7:0", "/onion/timaq4ygg2iegci7",
        "/dns4/", "/ip4/1.2.3.4/tcp/80/p2p", "/ip4/1.2.3.4//tcp/1", "/unix", "/unix/", "/ipcidr/256",
        // a raw CID is not a libp2p-key
        "/p2p/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        // certhash must hold a multihash
        "/certhash/uAAAA", "/certhash/notmultibase!",
        "/http-path/%4", "/http-path/%zz", "/http-path/%", "/garlic32/aaaa", "/garlic64/AAAA",
        "/dns/\uD800"})
    void rejectsInvalidText(String text) {
        assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(InvalidMultiformatException.class);
    }

    @Test
    void invalidTextMessagesNameTheProtocolAndTheValue() {
        assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp/99999"))
                .hasMessageContaining("/tcp").hasMessageContaining("99999");
        assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/quux/1")).hasMessageContaining("unknown protocol 'quux'");
    }

    @Test
    void unixPathTakesTheRestOfTheAddress() {
        Multiaddr ma = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/unix/tmp/ip4/p2p.sock/");
        assertThat(ma.components()).hasSize(3);
        assertThat(ma.value("unix")).contains("/tmp/ip4/p2p.sock");
        assertThat(ma.toString()).isEqualTo("/ip4/1.2.3.4/tcp/1/unix/tmp/ip4/p2p.sock");
        assertThatThrownBy(() -> ma.encapsulate(Multiaddr.parse("/tcp/1")))
                .isInstanceOf(InvalidMultiformatException.class).hasMessageContaining("after the path");
    }

    @Test
    void httpPathIsPercentDecodedAndKeepsSurrogatePairsWhole() {
        Multiaddr literal = Multiaddr.parse("/http-path/r\uD83D\uDE80 x");
        Multiaddr escaped = Multiaddr.parse("/http-path/r%F0%9F%9A%80%20x");
        assertThat(literal).isEqualTo(escaped);
        assertThat(literal.components().getFirst().value()).isEqualTo("r\uD83D\uDE80 x".getBytes(StandardCharsets.UTF_8));
        assertThat(literal.toString()).isEqualTo("/http-path/r%F0%9F%9A%80%20x");
    }

    @Test
    void ipv4MappedIpv6PrintsAsDottedQuad() {
        Multiaddr ma = Multiaddr.parse("/ip6/::FFFF:0102:0304");
        assertThat(ma.toString()).isEqualTo("/ip6/::ffff:1.2.3.4");
        assertThat(ma.components().getFirst().value()).hasSize(16);
        assertThat(Multiaddr.parse("/ip6/2001:DB8:0:0:1:0:0:1").toString()).isEqualTo("/ip6/2001:db8::1:0:0:1");
    }

    @Test
    void garlicAddressesRoundTripAtTheirMinimumSizes() {
        byte[] dest = new byte[386];
        for (int i = 0; i < dest.length; i++) {
            dest[i] = (byte) (i * 7);
        }
        for (var c : List.of(
                new Multiaddr.Component(MultiaddrProtocol.GARLIC64, dest),
                new Multiaddr.Component(MultiaddrProtocol.GARLIC32, Arrays.copyOf(dest, 32)),
                new Multiaddr.Component(MultiaddrProtocol.GARLIC32, Arrays.copyOf(dest, 35)))) {
            Multiaddr ma = new Multiaddr(List.of(c));
            assertThat(Multiaddr.parse(ma.toString())).isEqualTo(ma);
            assertThat(Multiaddr.decode(ma.toBytes())).isEqualTo(ma);
        }
        assertThat(new Multiaddr(List.of(new Multiaddr.Component(MultiaddrProtocol.GARLIC32, new byte[32])))
                .toString()).hasSize("/garlic32/".length() + 52);
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.GARLIC32, new byte[33]))
                .hasMessageContaining("32 or at least 35");
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.GARLIC64, new byte[385]))
                .hasMessageContaining("386");
    }

    @Test
    void componentsCheckTheirValues() {
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.IP4, new byte[3])).hasMessageContaining("4 bytes");
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.TLS, new byte[1])).hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.DNS, "a/b".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'/'");
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.UNIX, "rel/path".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.SNI, new byte[MultiaddrValues.MAX_VALUE_LENGTH + 1]))
                .hasMessageContaining("exceeds");
    }

    @Test
    void helpersFindValuesAndBuildTcpAddresses() throws Exception {
        Multiaddr v4 = Multiaddr.tcp(InetAddress.getByName("192.0.2.1"), 4001);
        Multiaddr v6 = Multiaddr.tcp(InetAddress.getByName("2001:db8::1"), 0);
        assertThat(v4.toString()).isEqualTo("/ip4/192.0.2.1/tcp/4001");
        assertThat(v6.toString()).isEqualTo("/ip6/2001:db8::1/tcp/0");
        assertThat(v4.value("tcp")).contains("4001");
        assertThat(v4.value("udp")).isEmpty();
        assertThat(v4.peerIdMultihash()).isEmpty();
        assertThat(v4.withoutPeerId()).isSameAs(v4);
        assertThatThrownBy(() -> Multiaddr.tcp(InetAddress.getByName("192.0.2.1"), 65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longAddressesEncodeWhole() {
        Multiaddr hop = Multiaddr.parse("/dns/" + "a".repeat(1000) + "/tcp/1");
        Multiaddr many = hop;
        for (int i = 0; i < 15; i++) {
            many = many.encapsulate(hop);
        }
        byte[] bytes = many.toBytes();
        byte[] one = hop.toBytes();
        assertThat(bytes.length).isEqualTo(16 * one.length).isGreaterThan(2 * Multiaddr.MAX_LENGTH);
        assertThat(Arrays.copyOfRange(bytes, 15 * one.length, bytes.length)).isEqualTo(one);
        assertThatThrownBy(() -> Multiaddr.decode(bytes)).hasMessageContaining("exceeds");
    }

    @Test
    void rejectsInvalidBytes() {
        byte[] dnsBadUtf8 = {0x35, 0x02, (byte) 0xC3, 0x28};
        assertThatThrownBy(() -> Multiaddr.decode(dnsBadUtf8)).hasMessageContaining("UTF-8");
        byte[] afterUnix = concat(Multiaddr.parse("/unix/a").toBytes(), Multiaddr.parse("/tcp/1").toBytes());
        assertThatThrownBy(() -> Multiaddr.decode(afterUnix)).hasMessageContaining("after the path");
        byte[] hugeLength = {0x35, (byte) 0xFF, (byte) 0xFF, 0x03};
        assertThatThrownBy(() -> Multiaddr.decode(hugeLength)).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> Multiaddr.decode(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> Multiaddr.decode(new byte[] {4, 1, 2})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Multiaddr.decode(new byte[] {(byte) 0xff, 0x7f})).hasMessageContaining("unknown protocol");
        assertThatThrownBy(() -> Multiaddr.decode(new byte[] {(byte) 0xa5, 0x03, 0x02, 0x12, 0x05}))
                .isInstanceOf(InvalidMultiformatException.class); // /p2p with a bad multihash
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
