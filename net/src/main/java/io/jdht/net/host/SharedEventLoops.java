package io.jdht.net.host;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One event loop group for all the hosts of a process that were given none, counted by its users:
 * the first host makes it, the last to close shuts it down, and a host made after that starts a
 * new one.
 *
 * <p>Why: each event loop thread has its own buffer-allocator caches (Netty keeps per-thread
 * magazines and chunks) besides its stack, so a group per host made memory grow with the number
 * of hosts: 100 DHT nodes in one JVM ran 400 event loops and held about 470 MB of allocator chunks
 * on the heap. Twice the cores, shared, serve any number of hosts: the loops never block.
 */
final class SharedEventLoops {
    /** The group every host of this process shares unless its config names one. */
    static final SharedEventLoops PROCESS = new SharedEventLoops(() -> NettyTransport.newEventLoopGroup(0));

    private final Supplier<EventLoopGroup> factory;
    private EventLoopGroup group;
    private int users;

    SharedEventLoops(Supplier<EventLoopGroup> factory) {
        this.factory = factory;
    }

    /** The shared group, made now if no host holds it; the caller must {@link #release} it once. */
    synchronized EventLoopGroup acquire() {
        if (group == null) {
            group = factory.get();
            users = 0;
        }
        users++;
        return group;
    }

    /** Gives back a group from {@link #acquire}; the last user's release shuts it down. */
    void release(EventLoopGroup released) {
        synchronized (this) {
            if (released != group || users == 0) {
                return; // not ours (already shut down and replaced): nothing to count
            }
            if (--users > 0) {
                return;
            }
            group = null;
        }
        var done = released.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        // a host closed from one of these loops must not wait for its own thread to end
        if (!onLoopOf(released)) {
            done.awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** How many hosts hold the group now. */
    synchronized int users() {
        return users;
    }

    private static boolean onLoopOf(EventLoopGroup group) {
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
