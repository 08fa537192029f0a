package io.jdht.net.dns;

import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.MultiaddrProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of {@code /dnsaddr} TXT records (multiaddr spec, protocols/DNSADDR.md): a record whose
 * text is {@code dnsaddr=<multiaddr>} names one address; other TXT records may share the name
 * (site verification, SPF) and are not ours. What follows {@code /dnsaddr/<host>} in the address
 * being resolved, typically {@code /p2p/<id>}, selects the entries that end with it, as
 * go-multiaddr-dns does, so one name can list several peers.
 */
final class DnsaddrEntries {
    static final String PREFIX = "dnsaddr=";

    /**
     * The entries of one TXT answer.
     *
     * @param addresses the entries that parsed, in the order of the answer
     * @param unreadable how many started with {@code dnsaddr=} but did not parse
     * @param firstProblem why the first of those did not parse, or empty
     */
    record Parsed(List<Multiaddr> addresses, int unreadable, String firstProblem) {}

    private DnsaddrEntries() {}

    /**
     * Reads the entries of the texts of one TXT answer. An entry that does not parse is skipped
     * rather than failing the answer: it may use a protocol newer than this code, and the others
     * are still good.
     */
    static Parsed parse(List<String> texts) {
        List<Multiaddr> out = new ArrayList<>();
        int unreadable = 0;
        String firstProblem = "";
        for (String text : texts) {
            if (!text.startsWith(PREFIX)) {
                continue;
            }
            try {
                out.add(Multiaddr.parse(text.substring(PREFIX.length())));
            } catch (IllegalArgumentException e) { // InvalidMultiformatException and kin
                if (unreadable++ == 0) {
                    firstProblem = e.getMessage();
                }
            }
        }
        return new Parsed(out, unreadable, firstProblem);
    }

    /** Whether {@code address} ends with the components of {@code trailer} (always, for an empty trailer). */
    static boolean endsWith(Multiaddr address, List<Multiaddr.Component> trailer) {
        List<Multiaddr.Component> c = address.components();
        return c.size() >= trailer.size() && c.subList(c.size() - trailer.size(), c.size()).equals(trailer);
    }

    /**
     * Whether a nested {@code /dnsaddr} entry names another peer than the one wanted, so that
     * looking it up would be a wasted query: both end in {@code /p2p/…} and the ids differ.
     */
    static boolean namesAnotherPeer(Multiaddr entry, List<Multiaddr.Component> trailer) {
        List<Multiaddr.Component> c = entry.components();
        return !trailer.isEmpty()
                && trailer.getLast().protocol() == MultiaddrProtocol.P2P
                && c.getLast().protocol() == MultiaddrProtocol.P2P
                && !c.getLast().equals(trailer.getLast());
    }
}
