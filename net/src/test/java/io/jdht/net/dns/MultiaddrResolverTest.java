package io.jdht.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.testing.TestDnsServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DnsRecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The resolver against a DNS server on 127.0.0.1 that answers what each test tells it to. */
@Timeout(60)
class MultiaddrResolverTest {
    private static final String A = peer(1);
    private static final String B = peer(2);

    private EventLoopGroup group;
    private TestDnsServer dns;
    private MultiaddrResolver resolver;

    static String peer(int seed) {
        byte[] s = new byte[32];
        s[0] = (byte) seed;
        return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(s).publicKey()).toString();
    }

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        dns = TestDnsServer.start();
        resolver = resolverWith(DnsConfig.nameServers(dns.address()));
    }

    private MultiaddrResolver resolverWith(DnsConfig config) {
        return new MultiaddrResolver(config, group.next(), NioDatagramChannel.class, NioSocketChannel.class);
    }

    @AfterEach
    void stop() {
        resolver.close();
        dns.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private List<Multiaddr> resolve(String address) throws Exception {
        return resolver.resolve(Multiaddr.parse(address)).get(30, TimeUnit.SECONDS);
    }

    private static List<Multiaddr> addrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Multiaddr::parse).toList();
    }

    /** The message of the DnsResolutionException a resolution failed with. */
    private String failure(String address) {
        var f = resolver.resolve(Multiaddr.parse(address));
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DnsResolutionException.class);
        String message = f.handle((r, e) -> e.getMessage()).join();
        assertThat(message).startsWith("cannot resolve " + address + ": ");
        return message;
    }

    /** The shape of the public bootstrap list: a name listing per-peer names, each listing addresses. */
    private void bootstrapZone() {
        dns.txt("_dnsaddr.bootstrap.test",
                "dnsaddr=/dnsaddr/sjc.bootstrap.test/p2p/" + A,
                "dnsaddr=/dnsaddr/ams.bootstrap.test/p2p/" + B,
                "v=spf1 -all"); // not ours: ignored
        dns.txt("_dnsaddr.sjc.bootstrap.test",
                "dnsaddr=/ip4/192.0.2.1/tcp/4001/p2p/" + A,
                "dnsaddr=/ip6/2001:db8::1/tcp/4001/p2p/" + A,
                "dnsaddr=/ip4/192.0.2.1/udp/4001/quic-v1/p2p/" + A,
                "dnsaddr=/ip4/192.0.2.9/tcp/4001/p2p/" + B, // another peer under A's name: filtered out
                "dnsaddr=/bogus/1/p2p/" + A); // does not parse: skipped
        dns.txt("_dnsaddr.ams.bootstrap.test", "dnsaddr=/ip4/198.51.100.2/tcp/4001/p2p/" + B);
    }

    @Test
    void dnsaddrWithPeerIdFollowsNestedRecordsAndKeepsOnlyThatPeer() throws Exception {
        bootstrapZone();
        assertThat(resolve("/dnsaddr/bootstrap.test/p2p/" + A)).containsExactlyElementsOf(addrs(
                "/ip4/192.0.2.1/tcp/4001/p2p/" + A,
                "/ip6/2001:db8::1/tcp/4001/p2p/" + A,
                "/ip4/192.0.2.1/udp/4001/quic-v1/p2p/" + A));
        // the nested name of the other peer was not even asked about
        assertThat(dns.asked()).contains("_dnsaddr.bootstrap.test", "_dnsaddr.sjc.bootstrap.test")
                .doesNotContain("_dnsaddr.ams.bootstrap.test");
    }

    @Test
    void dnsaddrWithoutPeerIdGivesEveryPeer() throws Exception {
        bootstrapZone();
        // B's stray entry under sjc stays out: the nested entry that leads there ends in A's id
        assertThat(resolve("/dnsaddr/bootstrap.test")).containsExactlyElementsOf(addrs(
                "/ip4/192.0.2.1/tcp/4001/p2p/" + A,
                "/ip6/2001:db8::1/tcp/4001/p2p/" + A,
                "/ip4/192.0.2.1/udp/4001/quic-v1/p2p/" + A,
                "/ip4/198.51.100.2/tcp/4001/p2p/" + B));
    }

    @Test
    void dnsaddrEntryMayBeADnsAddress() throws Exception {
        dns.txt("_dnsaddr.alias.test", "dnsaddr=/dns4/node.test/tcp/4001/p2p/" + A);
        dns.ip("node.test", "192.0.2.7", "192.0.2.8");
        assertThat(resolve("/dnsaddr/alias.test/p2p/" + A)).containsExactlyElementsOf(addrs(
                "/ip4/192.0.2.7/tcp/4001/p2p/" + A, "/ip4/192.0.2.8/tcp/4001/p2p/" + A));
    }

    @Test
    void aRecordSplitIntoSeveralStringsIsOneEntry() throws Exception {
        String entry = "dnsaddr=/ip4/192.0.2.1/tcp/4001/p2p/" + A;
        byte[] first = entry.substring(0, 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] second = entry.substring(20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] rdata = new byte[2 + first.length + second.length];
        rdata[0] = (byte) first.length;
        System.arraycopy(first, 0, rdata, 1, first.length);
        rdata[1 + first.length] = (byte) second.length;
        System.arraycopy(second, 0, rdata, 2 + first.length, second.length);
        dns.raw("_dnsaddr.split.test", DnsRecordType.TXT, rdata);
        assertThat(resolve("/dnsaddr/split.test")).containsExactlyElementsOf(addrs("/ip4/192.0.2.1/tcp/4001/p2p/" + A));
    }

    @Test
    void dns4Dns6AndDnsKeepTheRestOfTheAddress() throws Exception {
        dns.ip("node.test", "192.0.2.7", "2001:db8::7");
        assertThat(resolve("/dns4/node.test/tcp/4001/p2p/" + A))
                .containsExactlyElementsOf(addrs("/ip4/192.0.2.7/tcp/4001/p2p/" + A));
        assertThat(resolve("/dns6/node.test/tcp/4001"))
                .containsExactlyElementsOf(addrs("/ip6/2001:db8::7/tcp/4001"));
        assertThat(resolve("/dns/node.test/tcp/4001"))
                .containsExactlyElementsOf(addrs("/ip4/192.0.2.7/tcp/4001", "/ip6/2001:db8::7/tcp/4001"));
    }

    @Test
    void dnsWithOneFamilyMissingGivesTheOther() throws Exception {
        dns.ip("v6only.test", "2001:db8::6");
        assertThat(resolve("/dns/v6only.test/tcp/1")).containsExactlyElementsOf(addrs("/ip6/2001:db8::6/tcp/1"));
    }

    @Test
    void otherAddressesComeBackUnchanged() throws Exception {
        assertThat(resolve("/ip4/192.0.2.1/tcp/4001/p2p/" + A))
                .containsExactlyElementsOf(addrs("/ip4/192.0.2.1/tcp/4001/p2p/" + A));
        assertThat(dns.asked()).isEmpty();
    }

    @Test
    void aNameThatDoesNotExistSaysSo() {
        assertThat(failure("/dnsaddr/missing.test/p2p/" + A))
                .contains("no TXT record for _dnsaddr.missing.test (the name does not exist)");
        assertThat(failure("/dns4/missing.test/tcp/1")).contains("no A record for missing.test");
    }

    @Test
    void aNameWithoutRecordsOfTheTypeSaysSo() {
        dns.ip("v4only.test", "192.0.2.4");
        assertThat(failure("/dns6/v4only.test/tcp/1")).contains("no AAAA record for v4only.test");
        assertThat(failure("/dns/nowhere.test/tcp/1"))
                .contains("no A record for nowhere.test").contains("no AAAA record for nowhere.test");
    }

    @Test
    void entriesOfOtherPeersOnlyIsAFailureThatSaysSo() {
        dns.txt("_dnsaddr.other.test", "dnsaddr=/ip4/192.0.2.9/tcp/4001/p2p/" + B, "hello");
        assertThat(failure("/dnsaddr/other.test/p2p/" + A))
                .contains("none of the 1 dnsaddr entries of _dnsaddr.other.test ends in /p2p/" + A);
        dns.txt("_dnsaddr.junk.test", "hello", "dnsaddr=/nonsense");
        assertThat(failure("/dnsaddr/junk.test"))
                .contains("no dnsaddr entry among the 2 TXT records of _dnsaddr.junk.test (1 did not parse");
    }

    @Test
    void aNestedNameThatFailsIsLeftOut() throws Exception {
        dns.txt("_dnsaddr.partial.test", "dnsaddr=/dnsaddr/gone.test", "dnsaddr=/ip4/192.0.2.3/tcp/1");
        assertThat(resolve("/dnsaddr/partial.test")).containsExactlyElementsOf(addrs("/ip4/192.0.2.3/tcp/1"));
        dns.txt("_dnsaddr.allgone.test", "dnsaddr=/dnsaddr/gone.test");
        assertThat(failure("/dnsaddr/allgone.test")).contains("no TXT record for _dnsaddr.gone.test");
    }

    @Test
    void aLoopOfNamesStopsAtTheDepthLimit() {
        dns.txt("_dnsaddr.ping.test", "dnsaddr=/dnsaddr/pong.test");
        dns.txt("_dnsaddr.pong.test", "dnsaddr=/dnsaddr/ping.test");
        assertThat(failure("/dnsaddr/ping.test")).contains("nest more than " + MultiaddrResolver.MAX_DEPTH + " levels deep");
    }

    @Test
    void aWideTreeStopsAtTheQueryBudget() throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add("dnsaddr=/dnsaddr/n" + i + ".wide.test");
            dns.txt("_dnsaddr.n" + i + ".wide.test", "dnsaddr=/ip4/10.0.0." + i + "/tcp/1");
        }
        dns.txt("_dnsaddr.wide.test", entries.toArray(String[]::new));
        List<Multiaddr> got = resolve("/dnsaddr/wide.test");
        assertThat(got).isNotEmpty().hasSizeLessThan(MultiaddrResolver.MAX_QUERIES);
        assertThat(dns.asked()).hasSizeLessThanOrEqualTo(MultiaddrResolver.MAX_QUERIES);
    }

    @Test
    void resultsAreCappedAndDuplicatesDropped() throws Exception {
        List<String> nested = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            nested.add("dnsaddr=/dnsaddr/n" + n + ".many.test");
            List<String> ips = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ips.add("dnsaddr=/ip4/10.0." + n + "." + i + "/tcp/1");
            }
            dns.txt("_dnsaddr.n" + n + ".many.test", ips.toArray(String[]::new));
        }
        nested.add("dnsaddr=/dnsaddr/n0.many.test"); // the same name twice gives the same addresses once
        dns.txt("_dnsaddr.many.test", nested.toArray(String[]::new));
        List<Multiaddr> got = resolve("/dnsaddr/many.test");
        assertThat(got).hasSize(MultiaddrResolver.MAX_ADDRESSES).doesNotHaveDuplicates();
        assertThat(got.getFirst()).isEqualTo(Multiaddr.parse("/ip4/10.0.0.0/tcp/1"));
    }

    @Test
    void malformedAnswersFailThatResolutionOnly() throws Exception {
        dns.raw("_dnsaddr.broken.test", DnsRecordType.TXT, new byte[] {50, 'd', 'n', 's'});
        assertThat(failure("/dnsaddr/broken.test")).contains("bad TXT answer for _dnsaddr.broken.test")
                .contains("runs past the end");
        dns.raw("short.test", DnsRecordType.A, new byte[] {10, 0, 0});
        assertThat(failure("/dns4/short.test/tcp/1")).contains("bad A answer for short.test")
                .contains("3 bytes, not 4");
        // the resolver goes on working
        dns.ip("fine.test", "192.0.2.5");
        assertThat(resolve("/dns4/fine.test/tcp/1")).containsExactlyElementsOf(addrs("/ip4/192.0.2.5/tcp/1"));
    }

    @Test
    void namesThatCannotBeDnsNamesAreRefusedWithoutAsking() {
        assertThat(failure("/dns4/" + "a".repeat(64) + ".test/tcp/1")).contains("is not a DNS name");
        assertThat(failure("/dns4/sp ace.test/tcp/1")).contains("is not a DNS name");
        assertThat(dns.asked()).isEmpty();
    }

    @Test
    void aSilentServerTimesOutPerQuery() {
        dns.silent(true);
        resolver.close();
        resolver = resolverWith(DnsConfig.nameServers(dns.address()).withQueryTimeout(Duration.ofMillis(300)));
        assertThat(failure("/dnsaddr/quiet.test/p2p/" + A))
                .contains("no answer to the TXT query for _dnsaddr.quiet.test within 300 ms");
    }

    @Test
    void aSilentServerHitsTheWholeResolutionDeadline() {
        dns.silent(true);
        resolver.close();
        resolver = resolverWith(DnsConfig.nameServers(dns.address())
                .withQueryTimeout(Duration.ofSeconds(30))
                .withResolveTimeout(Duration.ofMillis(300)));
        assertThat(failure("/dns4/quiet.test/tcp/1")).contains("timed out after 300 ms");
    }

    @Test
    void aClosedResolverFailsClearly() {
        resolver.close();
        assertThat(failure("/dns4/node.test/tcp/1")).contains("the DNS resolver is closed");
    }
}
