package io.jdht.multiformats;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr: a network address as a path of protocols, each with its value, e.g.
 * {@code /ip4/192.0.2.1/tcp/4001/p2p/12D3…}. The binary form is, for each component, the
 * protocol's varint code followed by its value (fixed-size, or varint length-prefixed).
 *
 * @param components the protocols in order, outermost first
 */
public record Multiaddr(List<Component> components) {
    /** Longest binary or text form accepted when decoding or parsing. */
    public static final int MAX_LENGTH = 4096;

    /** One protocol and its value (empty for protocols without one). */
    public record Component(MultiaddrProtocol protocol, byte[] value) {
        /** Checks that {@code value} is a valid value of {@code protocol} (size and content). */
        public Component {
            value = value.clone();
            MultiaddrValues.validate(protocol, value);
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value as it appears in the text form. */
        public String valueString() {
            return MultiaddrValues.toText(protocol, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            if (!protocol.hasValue()) {
                return "/" + protocol.protocolName();
            }
            // a path value is absolute, so it brings its own '/'
            String v = valueString();
            return "/" + protocol.protocolName() + (protocol.kind() == MultiaddrProtocol.ValueKind.PATH ? v : "/" + v);
        }
    }

    /** Checks that nothing follows a path component ({@code /unix}), which takes the rest of the text. */
    public Multiaddr {
        components = List.copyOf(components);
        for (int i = 0; i < components.size() - 1; i++) {
            if (components.get(i).protocol().kind() == MultiaddrProtocol.ValueKind.PATH) {
                throw new InvalidMultiformatException("multiaddr has components after the path component /"
                        + components.get(i).protocol().protocolName());
            }
        }
    }

    /** Parses the text form. */
    public static Multiaddr parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new InvalidMultiformatException("multiaddr of " + text.length() + " characters exceeds " + MAX_LENGTH);
        }
        if (!text.startsWith("/")) {
            throw new InvalidMultiformatException("multiaddr '" + text + "' must start with '/'");
        }
        String[] parts = text.substring(1).split("/", -1);
        int end = parts.length;
        if (end > 0 && parts[end - 1].isEmpty()) {
            end--; // one trailing slash is tolerated
        }
        if (end == 0) {
            throw new InvalidMultiformatException("multiaddr '" + text + "' is empty");
        }
        List<Component> out = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            String name = parts[i];
            MultiaddrProtocol p = MultiaddrProtocol.byName(name).orElseThrow(() ->
                    new InvalidMultiformatException("multiaddr '" + text + "' has an unknown protocol '" + name + "'"));
            if (!p.hasValue()) {
                out.add(new Component(p, new byte[0]));
                continue;
            }
            if (i + 1 >= end) {
                throw new InvalidMultiformatException("multiaddr '" + text + "': /" + name + " is missing its value");
            }
            String value;
            if (p.kind() == MultiaddrProtocol.ValueKind.PATH) {
                // a path protocol takes the whole rest of the address as its value
                value = "/" + String.join("/", Arrays.copyOfRange(parts, i + 1, end));
                i = end;
            } else {
                value = parts[++i];
            }
            try {
                out.add(new Component(p, MultiaddrValues.toBytes(p, value)));
            } catch (InvalidMultiformatException e) {
                throw new InvalidMultiformatException(
                        "multiaddr '" + text + "' has an invalid /" + name + " value: " + e.getMessage(), e);
            }
        }
        return new Multiaddr(out);
    }

    /** Decodes the binary form. */
    public static Multiaddr decode(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new InvalidMultiformatException("multiaddr of " + bytes.length + " bytes exceeds " + MAX_LENGTH);
        }
        if (bytes.length == 0) {
            throw new InvalidMultiformatException("multiaddr is empty");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Component> out = new ArrayList<>();
        while (in.hasRemaining()) {
            long code = Varint.read(in);
            MultiaddrProtocol p = MultiaddrProtocol.byCode(code).orElseThrow(() ->
                    new InvalidMultiformatException("multiaddr has an unknown protocol code " + code));
            int length = p.sizeBits() == MultiaddrProtocol.VARIABLE
                    ? Varint.readLength(in, MultiaddrValues.MAX_VALUE_LENGTH, "/" + p.protocolName() + " value")
                    : p.sizeBits() / 8;
            if (in.remaining() < length) {
                throw new InvalidMultiformatException("multiaddr /" + p.protocolName() + " value is truncated");
            }
            if (!out.isEmpty() && out.getLast().protocol().kind() == MultiaddrProtocol.ValueKind.PATH) {
                throw new InvalidMultiformatException(
                        "multiaddr has a component after the path component /" + out.getLast().protocol().protocolName());
            }
            byte[] value = new byte[length];
            in.get(value);
            out.add(new Component(p, value));
        }
        return new Multiaddr(out);
    }

    /** The length of {@link #toBytes()}, without making it. */
    public int byteLength() {
        int size = 0;
        for (Component c : components) {
            size += Varint.size(c.protocol().code()) + c.value.length;
            if (c.protocol().sizeBits() == MultiaddrProtocol.VARIABLE) {
                size += Varint.size(c.value.length);
            }
        }
        return size;
    }

    /** The binary form: for each component its varint code, then its value (length-prefixed if variable). */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(byteLength());
        for (Component c : components) {
            Varint.write(c.protocol().code(), buf);
            if (c.protocol().sizeBits() == MultiaddrProtocol.VARIABLE) {
                Varint.write(c.value.length, buf);
            }
            buf.put(c.value);
        }
        return buf.array();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Component c : components) {
            s.append(c);
        }
        return s.toString();
    }

    /** The text value of the first component of the named protocol. */
    public Optional<String> value(String protocolName) {
        return components.stream()
                .filter(c -> c.protocol().protocolName().equals(protocolName))
                .findFirst()
                .map(Component::valueString);
    }

    /** This address followed by {@code other}. */
    public Multiaddr encapsulate(Multiaddr other) {
        List<Component> all = new ArrayList<>(components);
        all.addAll(other.components);
        return new Multiaddr(all);
    }

    /** The peer id multihash of a trailing {@code /p2p/…}, if there is one. */
    public Optional<Multihash> peerIdMultihash() {
        if (components.isEmpty() || components.getLast().protocol() != MultiaddrProtocol.P2P) {
            return Optional.empty();
        }
        return Optional.of(Multihash.decode(components.getLast().value));
    }

    /** This address without a trailing {@code /p2p/…}. */
    public Multiaddr withoutPeerId() {
        if (components.isEmpty() || components.getLast().protocol() != MultiaddrProtocol.P2P) {
            return this;
        }
        return new Multiaddr(components.subList(0, components.size() - 1));
    }

    /** {@code /ip4/…/tcp/…} or {@code /ip6/…/tcp/…}. */
    public static Multiaddr tcp(InetAddress ip, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        MultiaddrProtocol family = ip instanceof Inet4Address ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6;
        return new Multiaddr(List.of(
                new Component(family, ip.getAddress()),
                new Component(MultiaddrProtocol.TCP, new byte[] {(byte) (port >>> 8), (byte) port})));
    }
}
