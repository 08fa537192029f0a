package io.jdht.net.dns;

import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.MultiaddrProtocol;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the DNS part of a multiaddr, leaving the rest as it was:
 *
 * <ul>
 *   <li>{@code /dnsaddr/<host>/…} becomes the addresses in the {@code dnsaddr=} TXT records of
 *       {@code _dnsaddr.<host>} that end with {@code …}; an entry that is itself a DNS address is
 *       resolved in turn;
 *   <li>{@code /dns4/<host>/…} becomes {@code /ip4/<a>/…} for each A record, {@code /dns6} the same
 *       with AAAA records and {@code /ip6}, and {@code /dns} both (IPv4 first);
 *   <li>any other address comes back unchanged.
 * </ul>
 *
 * <p>A DNS answer is input from the network, so each resolution is bounded: {@link #MAX_DEPTH}
 * levels of nested {@code /dnsaddr}, {@link #MAX_QUERIES} questions, {@link #MAX_ADDRESSES}
 * results, and {@link DnsConfig#resolveTimeout()} in all. A nested entry that fails is left out;
 * the resolution fails, with a {@link DnsResolutionException} that says why, only when nothing is
 * left.
 *
 * <p>Asynchronous: futures complete on the event loop given to the constructor, which must not be
 * blocked in their callbacks.
 */
public final class MultiaddrResolver implements AutoCloseable {
    /** Levels of {@code /dnsaddr} below the first; the public bootstrap list uses two. */
    public static final int MAX_DEPTH = 4;
    /** DNS questions asked for one multiaddr. */
    public static final int MAX_QUERIES = 32;
    /** Addresses one multiaddr resolves to; more are dropped (go-libp2p keeps a similar cap). */
    public static final int MAX_ADDRESSES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(MultiaddrResolver.class);

    private final DnsConfig config;
    private final NettyDnsLookup lookup;

    /**
     * A resolver whose questions and answers run on {@code loop}; the channel types must suit the
     * loop's transport (epoll or NIO). No socket is opened until the first question.
     */
    public MultiaddrResolver(DnsConfig config, EventLoop loop,
            Class<? extends DatagramChannel> datagramType, Class<? extends SocketChannel> socketType) {
        this.config = config;
        this.lookup = new NettyDnsLookup(config, loop, datagramType, socketType);
    }

    /** Whether the address starts with {@code /dnsaddr}, {@code /dns4}, {@code /dns6} or {@code /dns}. */
    public static boolean isResolvable(Multiaddr address) {
        if (address.components().isEmpty()) {
            return false;
        }
        return switch (address.components().getFirst().protocol()) {
            case DNSADDR, DNS4, DNS6, DNS -> true;
            default -> false;
        };
    }

    /**
     * The addresses {@code address} stands for, in the order the DNS gave them, without duplicates;
     * never empty. Fails with a {@link DnsResolutionException} naming the address and the reason.
     */
    public CompletableFuture<List<Multiaddr>> resolve(Multiaddr address) {
        if (!isResolvable(address)) {
            return CompletableFuture.completedFuture(List.of(address));
        }
        long limit = config.resolveTimeout().toMillis();
        CompletableFuture<List<Multiaddr>> result = new CompletableFuture<>();
        try {
            // the deadline fires on the same loop as the answers, so the caller always continues there
            var deadline = lookup.eventLoop().schedule(
                    () -> result.completeExceptionally(new DnsResolutionException(address, "timed out after " + limit + " ms")),
                    limit, TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> deadline.cancel(false));
        } catch (RuntimeException e) { // the loop is shutting down
            return CompletableFuture.failedFuture(new DnsResolutionException(address, "the DNS resolver is closed"));
        }
        expand(address, 0, new AtomicInteger(MAX_QUERIES)).whenComplete((list, err) -> {
            if (err != null) {
                result.completeExceptionally(new DnsResolutionException(address, reasonOf(err)));
            } else {
                result.complete(list);
            }
        });
        return result;
    }

    private CompletableFuture<List<Multiaddr>> expand(Multiaddr address, int depth, AtomicInteger budget) {
        if (!isResolvable(address)) {
            return CompletableFuture.completedFuture(List.of(address));
        }
        List<Multiaddr.Component> c = address.components();
        String host = c.getFirst().valueString();
        List<Multiaddr.Component> rest = c.subList(1, c.size());
        return switch (c.getFirst().protocol()) {
            case DNSADDR -> dnsaddr(host, rest, depth, budget);
            case DNS4 -> ips(host, rest, false, budget);
            case DNS6 -> ips(host, rest, true, budget);
            default -> bothFamilies(host, rest, budget);
        };
    }

    private CompletableFuture<List<Multiaddr>> dnsaddr(
            String host, List<Multiaddr.Component> trailer, int depth, AtomicInteger budget) {
        String name = "_dnsaddr." + host;
        if (depth > MAX_DEPTH) {
            return failed("/dnsaddr entries nest more than " + MAX_DEPTH + " levels deep at " + name);
        }
        if (budget.getAndDecrement() <= 0) {
            return failed(tooManyQueries(name));
        }
        return lookup.txt(name).thenCompose(texts -> fromEntries(name, texts, trailer, depth, budget));
    }

    private CompletableFuture<List<Multiaddr>> fromEntries(String name, List<String> texts,
            List<Multiaddr.Component> trailer, int depth, AtomicInteger budget) {
        DnsaddrEntries.Parsed parsed = DnsaddrEntries.parse(texts);
        List<CompletableFuture<List<Multiaddr>>> parts = new ArrayList<>();
        for (Multiaddr entry : parsed.addresses()) {
            if (!isResolvable(entry)) {
                if (DnsaddrEntries.endsWith(entry, trailer)) {
                    parts.add(CompletableFuture.completedFuture(List.of(entry)));
                }
            } else if (!DnsaddrEntries.namesAnotherPeer(entry, trailer)) {
                parts.add(expand(entry, depth + 1, budget).thenApply(list ->
                        list.stream().filter(a -> DnsaddrEntries.endsWith(a, trailer)).toList()));
            }
        }
        String none;
        if (parsed.addresses().isEmpty()) {
            none = "no dnsaddr entry among the " + texts.size() + " TXT records of " + name
                    + (parsed.unreadable() == 0 ? "" : " (" + parsed.unreadable() + " did not parse: " + parsed.firstProblem() + ")");
        } else {
            none = "none of the " + parsed.addresses().size() + " dnsaddr entries of " + name
                    + " ends in " + new Multiaddr(trailer);
        }
        return gather(parts, none);
    }

    private CompletableFuture<List<Multiaddr>> ips(
            String host, List<Multiaddr.Component> rest, boolean ipv6, AtomicInteger budget) {
        if (budget.getAndDecrement() <= 0) {
            return failed(tooManyQueries(host));
        }
        MultiaddrProtocol family = ipv6 ? MultiaddrProtocol.IP6 : MultiaddrProtocol.IP4;
        return lookup.addresses(host, ipv6).thenApply(ips -> ips.stream().map(ip -> {
            List<Multiaddr.Component> c = new ArrayList<>(rest.size() + 1);
            c.add(new Multiaddr.Component(family, ip));
            c.addAll(rest);
            return new Multiaddr(c);
        }).toList());
    }

    /** {@code /dns}: both families, asked at once; fails only if neither has an address. */
    private CompletableFuture<List<Multiaddr>> bothFamilies(String host, List<Multiaddr.Component> rest, AtomicInteger budget) {
        return gather(List.of(ips(host, rest, false, budget), ips(host, rest, true, budget)),
                "no A or AAAA record for " + host);
    }

    /**
     * Joins the results of {@code parts} in order, without duplicates and up to
     * {@link #MAX_ADDRESSES}. Fails if none has an address: with the parts' own reasons if they
     * failed, else with {@code whyEmpty}.
     */
    private static CompletableFuture<List<Multiaddr>> gather(List<CompletableFuture<List<Multiaddr>>> parts, String whyEmpty) {
        List<CompletableFuture<Object>> outcomes = parts.stream()
                .map(p -> p.handle((list, err) -> err == null ? (Object) list : reasonOf(err)))
                .toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Set<Multiaddr> all = new LinkedHashSet<>();
            List<String> reasons = new ArrayList<>();
            for (CompletableFuture<Object> o : outcomes) {
                Object outcome = o.join();
                if (outcome instanceof String reason) {
                    reasons.add(reason);
                } else {
                    for (Object a : (List<?>) outcome) {
                        if (all.size() == MAX_ADDRESSES) {
                            LOG.debug("resolution reached {} addresses; the rest are dropped", MAX_ADDRESSES);
                            break;
                        }
                        all.add((Multiaddr) a);
                    }
                }
            }
            if (all.isEmpty()) {
                throw new CompletionException(new IOException(reasons.isEmpty() ? whyEmpty : String.join("; ", reasons)));
            }
            if (!reasons.isEmpty()) {
                LOG.debug("some DNS lookups failed, the others gave addresses: {}", reasons);
            }
            return List.copyOf(all);
        });
    }

    private static String tooManyQueries(String name) {
        return "not asking for " + name + ": the resolution has already asked " + MAX_QUERIES + " DNS questions";
    }

    private static <T> CompletableFuture<T> failed(String reason) {
        return CompletableFuture.failedFuture(new IOException(reason));
    }

    /** The reason inside whatever a stage failed with. */
    static String reasonOf(Throwable err) {
        Throwable t = err;
        for (int i = 0; i < 10 && (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null; i++) {
            t = t.getCause();
        }
        if (t instanceof DnsResolutionException d) {
            return d.reason();
        }
        return t instanceof IOException ? t.getMessage() : "unexpected " + t;
    }

    /** Closes the DNS socket; resolutions under way fail. */
    @Override
    public void close() {
        lookup.close();
    }
}
