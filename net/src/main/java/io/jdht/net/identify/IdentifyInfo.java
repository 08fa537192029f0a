package io.jdht.net.identify;

import com.google.protobuf.ByteString;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.InvalidMultiformatException;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.identify.pb.IdentifyProto.Identify;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a peer says about itself in identify, decoded and checked.
 *
 * <p>Fields a push leaves out are empty here; {@link #hasListenAddrs()} and {@link #hasProtocols()}
 * tell "said nothing" from "said none", which matters when merging a partial push. Addresses that do
 * not decode are skipped rather than failing the whole message: one odd transport a peer supports
 * should not hide the others.
 *
 * <p>Everything here is bounded, as the peer store and every connection keep it: at most
 * {@link IdentifyProtocol#MAX_LISTEN_ADDRS} addresses and {@link IdentifyProtocol#MAX_PROTOCOLS}
 * protocols (the first ones that are valid; the rest are dropped, not refused, so a peer that lists
 * too many keeps working), versions cut to {@link IdentifyProtocol#MAX_VERSION_LENGTH} characters.
 */
public record IdentifyInfo(
        Optional<PublicKey> publicKey,
        List<Multiaddr> listenAddrs,
        boolean hasListenAddrs,
        Optional<Multiaddr> observedAddr,
        Set<String> protocols,
        boolean hasProtocols,
        Optional<String> agentVersion,
        Optional<String> protocolVersion) {

    public IdentifyInfo {
        listenAddrs = List.copyOf(listenAddrs);
        protocols = Set.copyOf(protocols);
    }

    /** Decodes a message; a present but undecodable public key is an error, as it is the peer's identity. */
    public static IdentifyInfo fromProto(Identify msg) {
        Optional<PublicKey> key = msg.hasPublicKey()
                ? Optional.of(PublicKey.unmarshal(msg.getPublicKey().toByteArray()))
                : Optional.empty();
        List<Multiaddr> addrs = new ArrayList<>();
        for (ByteString raw : msg.getListenAddrsList()) {
            if (addrs.size() == IdentifyProtocol.MAX_LISTEN_ADDRS) {
                break;
            }
            decodeAddr(raw).ifPresent(addrs::add);
        }
        Optional<Multiaddr> observed = msg.hasObservedAddr() ? decodeAddr(msg.getObservedAddr()) : Optional.empty();
        return new IdentifyInfo(
                key,
                addrs,
                msg.getListenAddrsCount() > 0,
                observed,
                boundedProtocols(msg.getProtocolsList()),
                msg.getProtocolsCount() > 0,
                msg.hasAgentVersion() ? Optional.of(boundedVersion(msg.getAgentVersion())) : Optional.empty(),
                msg.hasProtocolVersion() ? Optional.of(boundedVersion(msg.getProtocolVersion())) : Optional.empty());
    }

    /**
     * The first {@link IdentifyProtocol#MAX_PROTOCOLS} usable protocol ids of {@code protocols}, in
     * their order. An id is usable if multistream-select could carry it: not empty, no line break,
     * and (here) at most {@link IdentifyProtocol#MAX_PROTOCOL_LENGTH} characters.
     */
    public static Set<String> boundedProtocols(Collection<String> protocols) {
        Set<String> kept = new LinkedHashSet<>();
        for (String p : protocols) {
            if (kept.size() == IdentifyProtocol.MAX_PROTOCOLS) {
                break;
            }
            if (p != null && !p.isEmpty() && p.length() <= IdentifyProtocol.MAX_PROTOCOL_LENGTH && p.indexOf('\n') < 0) {
                kept.add(p);
            }
        }
        return kept;
    }

    /** {@code version} cut to {@link IdentifyProtocol#MAX_VERSION_LENGTH} characters (null stays null). */
    public static String boundedVersion(String version) {
        if (version == null || version.length() <= IdentifyProtocol.MAX_VERSION_LENGTH) {
            return version;
        }
        int end = IdentifyProtocol.MAX_VERSION_LENGTH;
        // do not keep half of a surrogate pair
        if (Character.isHighSurrogate(version.charAt(end - 1))) {
            end--;
        }
        return version.substring(0, end);
    }

    /** Encodes our own description of ourselves. */
    public static Identify toProto(
            PublicKey key, List<Multiaddr> listenAddrs, Optional<Multiaddr> observed, Set<String> protocols, String agent) {
        Identify.Builder b = Identify.newBuilder()
                .setProtocolVersion(IdentifyProtocol.PROTOCOL_VERSION)
                .setAgentVersion(agent)
                .setPublicKey(ByteString.copyFrom(key.marshal()));
        for (Multiaddr a : listenAddrs) {
            b.addListenAddrs(ByteString.copyFrom(a.toBytes()));
        }
        observed.ifPresent(o -> b.setObservedAddr(ByteString.copyFrom(o.toBytes())));
        protocols.stream().sorted().forEach(b::addProtocols);
        return b.build();
    }

    private static Optional<Multiaddr> decodeAddr(ByteString raw) {
        try {
            return Optional.of(Multiaddr.decode(raw.toByteArray()));
        } catch (InvalidMultiformatException e) {
            return Optional.empty();
        }
    }
}
