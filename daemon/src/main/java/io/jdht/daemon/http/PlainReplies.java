package io.jdht.daemon.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The fixed answers that come before any command runs, shaped like Go's {@code http.Error}: a
 * {@code text/plain} line such as {@code 404 page not found}. Also the JSON error answer of a
 * request whose arguments or options are wrong.
 */
final class PlainReplies {
    private PlainReplies() {}

    static FullHttpResponse text(HttpResponseStatus status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, KuboHeaders.PLAIN_UTF8);
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    static FullHttpResponse notFound() {
        return text(HttpResponseStatus.NOT_FOUND, "404 page not found");
    }

    static FullHttpResponse methodNotAllowed(String allow) {
        FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 - Method Not Allowed");
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }

    static FullHttpResponse forbidden() {
        return text(HttpResponseStatus.FORBIDDEN, "403 - Forbidden");
    }

    static FullHttpResponse tooLarge(long limit) {
        return text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "413 - Request Entity Too Large (limit " + limit + " bytes)");
    }

    static FullHttpResponse tooManyRequests() {
        return text(HttpResponseStatus.TOO_MANY_REQUESTS, "429 - Too Many Requests");
    }

    /** No content, as Kubo answers an OPTIONS request that is not a CORS preflight. */
    static FullHttpResponse noContent() {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
        return r;
    }

    /** A whole answer that is one JSON error (status 400 or 500 from its code). */
    static FullHttpResponse error(ApiError error) {
        byte[] body = error.toJson().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.httpStatus()), Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, KuboHeaders.JSON);
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, KuboHeaders.EXPOSED);
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, KuboHeaders.EXPOSED);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    /** A page (the metrics), with its own content type. */
    static FullHttpResponse page(Page page) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(page.body()));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, page.contentType());
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, page.body().length);
        return r;
    }
}
