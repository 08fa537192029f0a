package io.jdht.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.daemon.Daemon;
import io.jdht.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A client of one daemon's RPC API over real HTTP on 127.0.0.1. Each call is one request on a
 * fresh connection, read to the end, trailers included.
 */
final class ApiClient {
    private final Daemon daemon;
    private final InetSocketAddress address;

    ApiClient(Daemon daemon) {
        this.daemon = daemon;
        this.address = socketAddress(daemon.apiAddress());
    }

    static InetSocketAddress socketAddress(Multiaddr api) {
        List<Multiaddr.Component> c = api.components();
        try {
            return new InetSocketAddress(InetAddress.getByName(c.get(0).valueString()), Integer.parseInt(c.get(1).valueString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Daemon daemon() {
        return daemon;
    }

    InetSocketAddress address() {
        return address;
    }

    String baseUri() {
        return "http://127.0.0.1:" + address.getPort();
    }

    /** A POST without body, the way Kubo's clients call most commands. */
    HttpAnswer post(String target, String... headers) {
        return request("POST", target, null, headers);
    }

    /** A POST whose body is a multipart upload. */
    HttpAnswer post(String target, Multipart body) {
        return request("POST", target, body, "Content-Type: " + body.contentType());
    }

    HttpAnswer request(String method, String target, Multipart body, String... headers) {
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        try (RawClient raw = raw()) {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes(RawClient.head(method, target, bytes.length, headers).getBytes(StandardCharsets.ISO_8859_1));
            req.writeBytes(bytes);
            raw.send(req.toByteArray());
            return raw.read();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    RawClient raw() throws IOException {
        return new RawClient(address);
    }

    /** A POST that must answer 200; its body as one JSON value. */
    JsonNode json(String target) {
        HttpAnswer a = post(target);
        assertThat(a.status()).as("%s answered %s", target, a).isEqualTo(200);
        return a.json();
    }

    /** A POST that must answer 200; its body as NDJSON. */
    List<JsonNode> lines(String target) {
        HttpAnswer a = post(target);
        assertThat(a.status()).as("%s answered %s", target, a).isEqualTo(200);
        return a.lines();
    }

    /** The daemon's peer id, as {@code id} reports it. */
    String peerId() {
        return json("/api/v0/id").path("ID").asText();
    }

    /** The daemon's first address from {@code id}, ending in {@code /p2p/<id>}. */
    String firstAddress() {
        return json("/api/v0/id").path("Addresses").get(0).asText();
    }

    /** {@code swarm/connect} to the other daemon's first address; must succeed. */
    void connect(ApiClient other) {
        JsonNode r = json("/api/v0/swarm/connect?arg=" + enc(other.firstAddress()));
        assertThat(r.path("Strings").get(0).asText()).isEqualTo("connect " + other.peerId() + " success");
    }

    /** Adds bytes with {@code add}; returns the root CID. */
    String add(byte[] content, String options) {
        HttpAnswer a = post("/api/v0/add" + (options.isEmpty() ? "" : "?" + options), Multipart.of(content));
        assertThat(a.status()).as("add answered %s", a).isEqualTo(200);
        return a.lines().getLast().path("Hash").asText();
    }

    /** Stores a raw block with {@code block/put}; returns its CID. */
    String blockPut(byte[] content) {
        HttpAnswer a = post("/api/v0/block/put", Multipart.of(content));
        assertThat(a.status()).as("block/put answered %s", a).isEqualTo(200);
        return a.json().path("Key").asText();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
