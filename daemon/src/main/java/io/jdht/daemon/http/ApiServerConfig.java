package io.jdht.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.multiformats.Multiaddr;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link ApiServer} is made from. Build with {@link #builder()}.
 *
 * @param listen where to listen, {@code /ip4/127.0.0.1/tcp/5001} by default; port 0 picks a free port
 * @param allowedOrigins the browser origins allowed to call the API (Kubo's {@code
 *     API.HTTPHeaders.Access-Control-Allow-Origin}); {@code *} allows all, {@code <port>} stands for
 *     the bound port. When empty, the API's own origins on localhost are allowed, as in Kubo.
 * @param allowCredentials answer allowed origins with {@code Access-Control-Allow-Credentials: true}
 * @param headers extra headers on every command answer (the rest of Kubo's {@code API.HTTPHeaders},
 *     and {@code Server})
 * @param limits the bounds on requests, bodies, connections and buffered output
 * @param tempDir where uploads above the memory threshold are kept; the system's temp dir when empty
 * @param eventLoopGroup a group to share with the host; when empty the server makes its own and
 *     shuts it down on close
 * @param objectMapper the JSON encoder of command output
 */
public record ApiServerConfig(
        Multiaddr listen,
        List<String> allowedOrigins,
        boolean allowCredentials,
        Map<String, String> headers,
        ApiLimits limits,
        Optional<Path> tempDir,
        Optional<EventLoopGroup> eventLoopGroup,
        ObjectMapper objectMapper) {

    public static final String DEFAULT_LISTEN = "/ip4/127.0.0.1/tcp/5001";

    public ApiServerConfig {
        Objects.requireNonNull(listen, "listen");
        allowedOrigins = List.copyOf(allowedOrigins);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tempDir, "tempDir");
        Objects.requireNonNull(eventLoopGroup, "eventLoopGroup");
        Objects.requireNonNull(objectMapper, "objectMapper");
        for (String name : headers.keySet()) {
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127 || c == ':')) {
                throw new IllegalArgumentException("bad header name: " + name);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction with defaults. */
    public static final class Builder {
        private Multiaddr listen = Multiaddr.parse(DEFAULT_LISTEN);
        private List<String> allowedOrigins = List.of();
        private boolean allowCredentials;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private ApiLimits limits = ApiLimits.DEFAULT;
        private Optional<Path> tempDir = Optional.empty();
        private Optional<EventLoopGroup> group = Optional.empty();
        private ObjectMapper mapper = new ObjectMapper();

        private Builder() {}

        public Builder listen(Multiaddr address) {
            this.listen = Objects.requireNonNull(address);
            return this;
        }

        public Builder listen(String address) {
            return listen(Multiaddr.parse(address));
        }

        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(origins);
            return this;
        }

        public Builder allowCredentials(boolean allow) {
            this.allowCredentials = allow;
            return this;
        }

        /** Adds a header to every command answer. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder limits(ApiLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        public Builder tempDir(Path dir) {
            this.tempDir = Optional.of(dir);
            return this;
        }

        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Optional.of(group);
            return this;
        }

        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper);
            return this;
        }

        public ApiServerConfig build() {
            return new ApiServerConfig(listen, allowedOrigins, allowCredentials, headers, limits, tempDir, group, mapper);
        }
    }
}
