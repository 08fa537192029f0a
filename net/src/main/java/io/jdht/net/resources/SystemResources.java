package io.jdht.net.resources;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** What the JVM and the operating system give this process: the sizes the default limits scale with. */
public final class SystemResources {
    /** Assumed when the platform does not report a file-descriptor limit (not a Unix JVM). */
    static final long UNKNOWN_FD_LIMIT = 4096;

    private SystemResources() {}

    /** The largest heap the JVM will grow to ({@code -Xmx}, or its default share of RAM). */
    public static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /** The process's limit on open file descriptors ({@code ulimit -n}), each socket taking one. */
    public static long fileDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? max : UNKNOWN_FD_LIMIT;
        }
        return UNKNOWN_FD_LIMIT;
    }
}
