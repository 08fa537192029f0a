package io.jdht.net.dns;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks one DNS question (TXT, A or AAAA) through Netty's resolver and hands back the record data,
 * checked. Netty does the protocol work: retries over the configured name servers, CNAME chains,
 * TCP when an answer is truncated, the hosts file for A and AAAA, and a cache that honours TTLs.
 *
 * <p>Futures complete on the resolver's event loop; nothing here blocks. A failure is an
 * {@link IOException} whose message says what went wrong without naming the multiaddr, which the
 * caller adds.
 */
final class NettyDnsLookup implements AutoCloseable {
    /** Records read from one answer; a real answer has a handful, and the rest are ignored. */
    static final int MAX_RECORDS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(NettyDnsLookup.class);

    private final DnsConfig config;
    private final EventLoop loop;
    private final Class<? extends DatagramChannel> datagramType;
    private final Class<? extends SocketChannel> socketType;
    /** Made on first use, so that the many hosts of a devnet, which never resolve, open no socket. */
    private DnsNameResolver resolver;
    private boolean closed;

    NettyDnsLookup(DnsConfig config, EventLoop loop,
            Class<? extends DatagramChannel> datagramType, Class<? extends SocketChannel> socketType) {
        this.config = config;
        this.loop = loop;
        this.datagramType = datagramType;
        this.socketType = socketType;
    }

    /** The event loop on which answers arrive. */
    EventLoop eventLoop() {
        return loop;
    }

    /** The texts of the TXT records of {@code name}, one string per record. */
    CompletableFuture<List<String>> txt(String name) {
        return query(name, DnsRecordType.TXT, TxtRdata::decode);
    }

    /** The addresses in the A ({@code ipv6 == false}) or AAAA records of {@code name}, 4 or 16 bytes each. */
    CompletableFuture<List<byte[]>> addresses(String name, boolean ipv6) {
        DnsRecordType type = ipv6 ? DnsRecordType.AAAA : DnsRecordType.A;
        int size = ipv6 ? 16 : 4;
        return query(name, type, rdata -> {
            if (rdata.length != size) {
                throw new IllegalArgumentException("the record holds " + rdata.length + " bytes, not " + size);
            }
            return rdata;
        });
    }

    private <T> CompletableFuture<List<T>> query(String name, DnsRecordType type, Function<byte[], T> decode) {
        DnsNameResolver r;
        try {
            checkName(name);
            r = resolver();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<List<T>> result = new CompletableFuture<>();
        Future<List<DnsRecord>> answer;
        try {
            answer = r.resolveAll(new DefaultDnsQuestion(name, type));
        } catch (RuntimeException e) { // Netty refusing the question (say, closed meanwhile) fails it, not the caller
            return CompletableFuture.failedFuture(explain(name, type, e));
        }
        answer.addListener(f -> {
            if (!answer.isSuccess()) {
                result.completeExceptionally(explain(name, type, answer.cause()));
                return;
            }
            List<DnsRecord> records = answer.getNow();
            try {
                result.complete(decodeAll(name, type, records, decode));
            } catch (IOException | RuntimeException e) {
                // a bad answer fails this question only; it must never escape into Netty's listener
                result.completeExceptionally(e instanceof IOException ? e : new IOException(
                        "bad " + type.name() + " answer for " + name + ": " + e.getMessage(), e));
            } finally {
                for (DnsRecord record : records) {
                    ReferenceCountUtil.release(record);
                }
            }
        });
        return result;
    }

    private static <T> List<T> decodeAll(String name, DnsRecordType type, List<DnsRecord> records,
            Function<byte[], T> decode) throws IOException {
        List<T> out = new ArrayList<>();
        for (DnsRecord record : records) {
            if (out.size() == MAX_RECORDS) {
                LOG.debug("{} answer for {} has more than {} records; the rest are ignored", type.name(), name, MAX_RECORDS);
                break;
            }
            if (record.type().equals(type) && record instanceof DnsRawRecord raw) {
                out.add(decode.apply(ByteBufUtil.getBytes(raw.content())));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no " + type.name() + " record for " + name);
        }
        return out;
    }

    /** A reason a person can act on, from whatever Netty failed with. */
    private IOException explain(String name, DnsRecordType type, Throwable cause) {
        boolean timedOut = DnsNameResolver.isTimeoutError(cause);
        DnsResponseCode code = null;
        Throwable t = cause;
        for (int i = 0; t != null && i < 10; i++, t = t.getCause()) { // bounded: a cause chain may loop
            timedOut |= t instanceof DnsNameResolverTimeoutException;
            if (t instanceof DnsErrorCauseException e) {
                code = e.getCode();
            }
        }
        String what = type.name() + " record for " + name;
        String reason;
        if (timedOut) {
            reason = "no answer to the " + type.name() + " query for " + name + " within "
                    + config.queryTimeout().toMillis() + " ms";
        } else if (DnsResponseCode.NXDOMAIN.equals(code)) {
            reason = "no " + what + " (the name does not exist)";
        } else if (code != null) {
            reason = "no " + what + " (the name server answered " + code + ")";
        } else if (cause instanceof UnknownHostException) {
            reason = "no " + what;
        } else {
            reason = "the " + type.name() + " query for " + name + " failed: " + cause;
        }
        return new IOException(reason, cause);
    }

    /** Refuses what cannot be a host name before it reaches the wire (the multiaddr allows 1 KiB of any text). */
    static void checkName(String name) throws IOException {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            throw new IOException("'" + abbreviate(name) + "' is not a DNS name: it must have 1 to 253 characters");
        }
        int labelStart = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '.') {
                int label = i - labelStart;
                if (label == 0 || label > 63) {
                    throw new IOException("'" + n + "' is not a DNS name: each label must have 1 to 63 characters");
                }
                labelStart = i + 1;
                continue;
            }
            char c = n.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IOException("'" + n + "' is not a DNS name: it holds the character U+"
                        + String.format("%04X", (int) c) + " (write international names in their xn-- form)");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private synchronized DnsNameResolver resolver() throws IOException {
        if (closed) {
            throw new IOException("the DNS resolver is closed");
        }
        if (resolver == null) {
            DnsNameResolverBuilder b = new DnsNameResolverBuilder(loop)
                    .datagramChannelType(datagramType)
                    .socketChannelType(socketType) // TCP for an answer too large for a datagram
                    .queryTimeoutMillis(config.queryTimeout().toMillis());
            if (!config.usesSystemNameServers()) {
                b.nameServerProvider(new SequentialDnsServerAddressStreamProvider(config.nameServers()))
                        .searchDomains(List.of());
            }
            resolver = b.build();
        }
        return resolver;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (resolver != null) {
            resolver.close();
        }
    }
}
