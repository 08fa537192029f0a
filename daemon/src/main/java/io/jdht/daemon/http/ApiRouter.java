package io.jdht.daemon.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands under {@code /api/v0/} by path, and the plain GET pages elsewhere (the metrics).
 * Thread-safe; commands may be added while the server runs.
 */
public final class ApiRouter {
    /** Where the RPC API lives, as in Kubo. */
    public static final String API_PREFIX = "/api/v0/";

    private final Map<String, ApiCommand> commands = new ConcurrentHashMap<>();
    private final Map<String, PageHandler> pages = new ConcurrentHashMap<>();

    /** A command and the arguments its URL path carried after the command's own path. */
    record Route(ApiCommand command, List<String> pathArguments) {}

    /** Adds a command at its spec's path; a path can hold one command. */
    public ApiRouter add(ApiCommand command) {
        String path = command.spec().path();
        if (commands.putIfAbsent(path, command) != null) {
            throw new IllegalArgumentException("a command is already registered at " + path);
        }
        return this;
    }

    /** Serves {@code handler} for GET on {@code path}, e.g. {@code /debug/metrics/prometheus}. */
    public ApiRouter page(String path, PageHandler handler) {
        Objects.requireNonNull(handler);
        if (!path.startsWith("/") || path.startsWith(API_PREFIX)) {
            throw new IllegalArgumentException("a page path starts with / and lies outside " + API_PREFIX + ": " + path);
        }
        if (pages.putIfAbsent(path, handler) != null) {
            throw new IllegalArgumentException("a page is already registered at " + path);
        }
        return this;
    }

    /** The registered command paths, sorted. */
    public Set<String> commandPaths() {
        return new TreeSet<>(commands.keySet());
    }

    Optional<PageHandler> page(String path) {
        return Optional.ofNullable(pages.get(path));
    }

    /**
     * The command for a path below {@link #API_PREFIX} ({@code routing/findpeer}). Like go-ipfs-cmds,
     * when the whole path names no command but all of it except the last segment does, that last
     * segment is the command's first argument ({@code id/QmPeer}).
     */
    Optional<Route> resolve(String commandPath) {
        String path = commandPath.endsWith("/") ? commandPath.substring(0, commandPath.length() - 1) : commandPath;
        ApiCommand exact = commands.get(path);
        if (exact != null) {
            return Optional.of(new Route(exact, List.of()));
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0 && slash < path.length() - 1) {
            ApiCommand parent = commands.get(path.substring(0, slash));
            if (parent != null) {
                return Optional.of(new Route(parent, List.of(path.substring(slash + 1))));
            }
        }
        return Optional.empty();
    }
}
