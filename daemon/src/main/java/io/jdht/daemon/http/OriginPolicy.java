package io.jdht.daemon.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Kubo's defence against web pages calling the API from a visitor's browser (go-ipfs-cmds'
 * {@code allowOrigin}, {@code allowReferer}, {@code allowUserAgent}) and its CORS answers.
 *
 * <ul>
 *   <li>A request with an {@code Origin} header passes only if that origin is allowed.
 *   <li>A request with a {@code Referer} passes only if the referer's scheme and host are an
 *       allowed origin (an unparsable referer fails).
 *   <li>A POST with neither, from a user agent starting with {@code Mozilla} (a browser, which
 *       should have sent one of them), fails, unless the agent is Electron, whose renderer sends
 *       neither.
 * </ul>
 *
 * Requests from curl, Go or Node clients carry no Origin and pass. The allowed origins are the
 * configured ones, or by default the API's own on localhost ({@code http://127.0.0.1:<port>} and
 * friends); {@code *} allows every origin.
 */
final class OriginPolicy {
    /** Kubo's default origins: the API itself, reached through a loopback name. */
    static final List<String> LOCALHOST_DEFAULTS = List.of(
            "http://127.0.0.1:<port>", "https://127.0.0.1:<port>",
            "http://[::1]:<port>", "https://[::1]:<port>",
            "http://localhost:<port>", "https://localhost:<port>");

    private final List<String> allowed;
    private final boolean allowCredentials;

    OriginPolicy(List<String> configured, int port, boolean allowCredentials) {
        List<String> origins = configured.isEmpty() ? LOCALHOST_DEFAULTS : configured;
        this.allowed = origins.stream().map(o -> o.replace("<port>", Integer.toString(port))).toList();
        this.allowCredentials = allowCredentials;
    }

    List<String> allowed() {
        return allowed;
    }

    /** Whether the request may reach a command. */
    boolean permits(HttpRequest request) {
        HttpHeaders h = request.headers();
        String origin = h.get(HttpHeaderNames.ORIGIN);
        if (origin != null && !origin.isEmpty() && !isAllowed(origin)) {
            return false;
        }
        String referer = h.get(HttpHeaderNames.REFERER);
        if (referer != null && !referer.isEmpty() && !isAllowed(originOf(referer))) {
            return false;
        }
        boolean anonymous = (origin == null || origin.isEmpty()) && (referer == null || referer.isEmpty());
        if (anonymous && HttpMethod.POST.equals(request.method())) {
            String agent = h.get(HttpHeaderNames.USER_AGENT, "");
            return agent.contains("Electron") || !agent.startsWith("Mozilla");
        }
        return true;
    }

    /**
     * Adds the CORS headers of an answer to a POST: {@code Vary: Origin} always, and for an
     * allowed origin the permission to read the answer.
     */
    void decorate(HttpRequest request, HttpHeaders response) {
        response.add(HttpHeaderNames.VARY, "Origin");
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !origin.isEmpty() && isAllowed(origin) && HttpMethod.POST.equals(request.method())) {
            allowOrigin(origin, response);
        }
    }

    /** Whether the request is a CORS preflight: OPTIONS naming the method it wants to use. */
    static boolean isPreflight(HttpRequest request) {
        return HttpMethod.OPTIONS.equals(request.method())
                && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /**
     * Fills the answer to a preflight: for an allowed origin asking for POST, the permission (with
     * whatever request headers it asked for); otherwise nothing, and the browser will not send the
     * real request.
     */
    void preflight(HttpRequest request, FullHttpResponse response) {
        HttpHeaders out = response.headers();
        out.add(HttpHeaderNames.VARY, "Origin");
        out.add(HttpHeaderNames.VARY, "Access-Control-Request-Method");
        out.add(HttpHeaderNames.VARY, "Access-Control-Request-Headers");
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String method = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "");
        if (origin == null || origin.isEmpty() || !isAllowed(origin) || !method.equalsIgnoreCase("POST")) {
            return;
        }
        allowOrigin(origin, out);
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (asked != null && !asked.isEmpty()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
        }
    }

    private void allowOrigin(String origin, HttpHeaders out) {
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed.contains("*") ? "*" : origin);
        if (allowCredentials) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private boolean isAllowed(String origin) {
        return origin != null && (allowed.contains("*") || allowed.contains(origin));
    }

    /** The {@code scheme://host[:port]} of a referer URL, or null if it does not parse. */
    static String originOf(String referer) {
        try {
            URI u = new URI(referer);
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
