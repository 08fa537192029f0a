package io.jdht.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of one server shares: configuration, commands, limits and counters. */
final class ServerContext {
    final ApiServerConfig config;
    final ApiLimits limits;
    final ApiRouter router;
    final OriginPolicy origins;
    final ObjectMapper mapper;
    /** Decides memory or temp file per multipart part, and remembers the files of each request. */
    final DefaultHttpDataFactory uploads;
    /** Runs commands and pages: a virtual thread each, so they may block. */
    final ExecutorService commands;
    /** Runs cancellation callbacks: a fresh virtual thread each, which outlives the command executor at shutdown. */
    final Executor callbacks = r -> Thread.ofVirtual().name("jdht-api-cancel").start(r);
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closing;

    ServerContext(ApiServerConfig config, ApiRouter router, OriginPolicy origins, DefaultHttpDataFactory uploads, ExecutorService commands) {
        this.config = config;
        this.limits = config.limits();
        this.router = router;
        this.origins = origins;
        this.mapper = config.objectMapper();
        this.uploads = uploads;
        this.commands = commands;
    }

    /** Takes one of the {@code maxConcurrentRequests} command slots, if one is free. */
    boolean tryAcquire() {
        if (running.incrementAndGet() > limits.maxConcurrentRequests()) {
            running.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        running.decrementAndGet();
    }

    int running() {
        return running.get();
    }

    void markClosing() {
        closing = true;
    }

    /** Why a command whose connection went away is cancelled. */
    Cancellation.Reason lostConnectionReason() {
        return closing ? Cancellation.Reason.SERVER_CLOSED : Cancellation.Reason.CLIENT_GONE;
    }
}
