package io.jdht.net.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, a free port) for tests: it answers from the
 * records given to it, says NXDOMAIN for names it has none for, and can be told to stay silent so
 * that queries time out. It remembers the names it was asked about.
 */
public final class TestDnsServer implements AutoCloseable {
    private record Rr(DnsRecordType type, byte[] rdata) {}

    private final Map<String, List<Rr>> records = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group;
    private final Channel channel;
    private volatile boolean silent;

    private TestDnsServer() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-dns", true), NioIoHandler.newFactory());
        channel = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answerer());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    public static TestDnsServer start() {
        try {
            return new TestDnsServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where to send questions. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Adds one TXT record per text; a text longer than 255 bytes is split into character-strings. */
    public TestDnsServer txt(String name, String... texts) {
        for (String text : texts) {
            byte[] t = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            for (int i = 0; i < t.length || i == 0; i += 255) {
                int n = Math.min(255, t.length - i);
                rdata.write(n);
                rdata.write(t, i, n);
            }
            raw(name, DnsRecordType.TXT, rdata.toByteArray());
        }
        return this;
    }

    /** Adds A or AAAA records, by the form of each IP literal. */
    public TestDnsServer ip(String name, String... ips) {
        for (String ip : ips) {
            try {
                byte[] b = InetAddress.getByName(ip).getAddress(); // a literal: no lookup
                raw(name, b.length == 4 ? DnsRecordType.A : DnsRecordType.AAAA, b);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(ip, e);
            }
        }
        return this;
    }

    /** Adds a record with exactly these data bytes, well-formed or not. */
    public TestDnsServer raw(String name, DnsRecordType type, byte[] rdata) {
        records.computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>()).add(new Rr(type, rdata.clone()));
        return this;
    }

    /** When true, questions are read and never answered. */
    public void silent(boolean silent) {
        this.silent = silent;
    }

    /** The names asked about so far, in order, lower case and without the final dot. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = key(question.name());
            asked.add(name);
            if (silent) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setAuthoritativeAnswer(true).setRecursionAvailable(true).setRecursionDesired(query.isRecursionDesired());
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            List<Rr> known = records.get(name);
            if (known == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else {
                for (Rr rr : known) {
                    if (rr.type().equals(question.type())) {
                        response.addRecord(DnsSection.ANSWER,
                                new DefaultDnsRawRecord(question.name(), rr.type(), 60, Unpooled.wrappedBuffer(rr.rdata())));
                    }
                }
            }
            ctx.writeAndFlush(response);
        }
    }
}
