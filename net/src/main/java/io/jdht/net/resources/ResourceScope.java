package io.jdht.net.resources;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One account of memory and streams: the node, a protocol, a peer, a connection or a stream.
 *
 * <p>A scope is charged together with its ancestors: reserving 1 MiB on a stream reserves it on
 * the stream, its connection, its peer, its protocol and the node, or on none of them if any one is
 * at its limit. The ancestors form a small graph (a stream belongs to a connection and to a
 * protocol, both of which belong to the node), so each scope keeps the flat list of distinct scopes
 * a reservation touches and charges every one exactly once.
 *
 * <p>Counters are atomic and the list of ancestors is only ever extended by the scope's own event
 * loop, so reservations may come from any thread. A scope that {@linkplain #close() closes} gives
 * back whatever was reserved through it and still held, so a stream that dies mid-frame leaks
 * nothing; its children give back their own when they close (a connection's streams all close with
 * it). After close a scope refuses new reservations and ignores releases.
 */
public final class ResourceScope implements AutoCloseable {
    /** Where a channel (connection or stream) keeps its scope. */
    public static final AttributeKey<ResourceScope> KEY = AttributeKey.valueOf(ResourceScope.class, "scope");
    /**
     * Where a connection keeps the scope of its secure channel's own buffer (an unfinished Noise
     * frame): under the node only, so that streams filling the connection's budget get themselves
     * reset rather than starve the frames every stream's data arrives in.
     */
    public static final AttributeKey<ResourceScope> TRANSPORT_KEY = AttributeKey.valueOf(ResourceScope.class, "transport");

    private final String name;
    private final long memoryLimit;
    private final int streamLimit;
    private final AtomicLong memory = new AtomicLong();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicLong refusals = new AtomicLong();
    /** What was reserved through this scope itself (not its children): what close gives back. */
    private long ownMemory;
    private int ownStreams;
    /** This scope first, then every distinct ancestor; replaced (never mutated) when one is added. */
    private volatile List<ResourceScope> charged;
    private boolean closed;

    ResourceScope(String name, long memoryLimit, int streamLimit, List<ResourceScope> parents) {
        if (memoryLimit < 0 || streamLimit < 0) {
            throw new IllegalArgumentException("limits of scope " + name + " must not be negative");
        }
        this.name = name;
        this.memoryLimit = memoryLimit;
        this.streamLimit = streamLimit;
        List<ResourceScope> all = new ArrayList<>();
        all.add(this);
        parents.forEach(p -> addDistinct(all, p.charged));
        this.charged = List.copyOf(all);
    }

    private static void addDistinct(List<ResourceScope> into, List<ResourceScope> scopes) {
        for (ResourceScope s : scopes) {
            if (!into.contains(s)) {
                into.add(s);
            }
        }
    }

    /**
     * The scope a channel was given, else its parent's (a stream without a scope of its own charges
     * its connection), or null for channels outside any resource manager (tests, tools).
     */
    public static ResourceScope of(Channel channel) {
        for (Channel c = channel; c != null; c = c.parent()) {
            if (c.hasAttr(KEY)) {
                ResourceScope scope = c.attr(KEY).get();
                if (scope != null) {
                    return scope;
                }
            }
        }
        return null;
    }

    /** A scope under this one (and under {@code others}), with its own limits. */
    public ResourceScope child(String childName, long childMemoryLimit, int childStreamLimit, ResourceScope... others) {
        List<ResourceScope> parents = new ArrayList<>();
        parents.add(this);
        parents.addAll(List.of(others));
        return new ResourceScope(childName, childMemoryLimit, childStreamLimit, parents);
    }

    /**
     * Also charges {@code parent} (and its ancestors) from now on, with what this scope already
     * holds. Used when a stream's protocol becomes known after it opened. False, with nothing
     * changed, if the parent cannot take the current holdings.
     */
    public synchronized boolean join(ResourceScope parent) {
        List<ResourceScope> added = new ArrayList<>();
        for (ResourceScope s : parent.charged) {
            if (!charged.contains(s) && !added.contains(s)) {
                added.add(s);
            }
        }
        long held = ownMemory;
        int heldStreams = ownStreams;
        if (!reserveAll(added, held, heldStreams)) {
            return false;
        }
        List<ResourceScope> next = new ArrayList<>(charged);
        next.addAll(added);
        charged = List.copyOf(next);
        return true;
    }

    /** Takes {@code bytes} from this scope and every ancestor, or from none; false means refused. */
    public synchronized boolean reserveMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot reserve a negative amount: " + bytes);
        }
        if (bytes == 0) {
            return true;
        }
        if (closed || !reserveAll(charged, bytes, 0)) {
            return false;
        }
        ownMemory += bytes;
        return true;
    }

    /** Gives back bytes reserved earlier through this scope (never more than it holds). */
    public synchronized void releaseMemory(long bytes) {
        long n = Math.min(bytes, ownMemory);
        if (n > 0 && !closed) {
            ownMemory -= n;
            for (ResourceScope s : charged) {
                s.memory.addAndGet(-n);
            }
        }
    }

    /** Counts one more open stream here and in every ancestor, or nowhere; false means refused. */
    public synchronized boolean addStream() {
        if (closed || !reserveAll(charged, 0, 1)) {
            return false;
        }
        ownStreams++;
        return true;
    }

    public synchronized void removeStream() {
        if (ownStreams > 0 && !closed) {
            ownStreams--;
            for (ResourceScope s : charged) {
                s.streams.decrementAndGet();
            }
        }
    }

    private static boolean reserveAll(List<ResourceScope> scopes, long bytes, int streamCount) {
        int done = 0;
        for (ResourceScope s : scopes) {
            if (!s.tryTake(bytes, streamCount)) {
                s.refusals.incrementAndGet();
                for (int i = 0; i < done; i++) {
                    scopes.get(i).memory.addAndGet(-bytes);
                    scopes.get(i).streams.addAndGet(-streamCount);
                }
                return false;
            }
            done++;
        }
        return true;
    }

    private boolean tryTake(long bytes, int streamCount) {
        if (streamCount > 0 && streams.incrementAndGet() > streamLimit) {
            streams.decrementAndGet();
            return false;
        } else if (streamCount == 0 && bytes == 0) {
            return true;
        }
        if (bytes > 0 && memory.addAndGet(bytes) > memoryLimit) {
            memory.addAndGet(-bytes);
            if (streamCount > 0) {
                streams.decrementAndGet();
            }
            return false;
        }
        return true;
    }

    /** Gives back everything this scope still holds, in every ancestor; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        releaseMemory(ownMemory);
        while (ownStreams > 0) {
            removeStream();
        }
        closed = true;
    }

    public String name() {
        return name;
    }

    public long memoryUsed() {
        return memory.get();
    }

    public long memoryLimit() {
        return memoryLimit;
    }

    public int streamsOpen() {
        return streams.get();
    }

    public int streamLimit() {
        return streamLimit;
    }

    /** How many reservations this scope turned down since it was made. */
    public long refusals() {
        return refusals.get();
    }

    @Override
    public String toString() {
        return "ResourceScope(" + name + ": " + memory.get() + "/" + memoryLimit + " bytes, "
                + streams.get() + "/" + streamLimit + " streams)";
    }
}
