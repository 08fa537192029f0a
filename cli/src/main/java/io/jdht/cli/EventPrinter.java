package io.jdht.cli;

import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import java.io.PrintWriter;

/**
 * {@code -v}: prints each query event on stderr, one line each, as it happens, so that a user can
 * watch a lookup walk the network (stdout stays the command's result).
 */
final class EventPrinter implements QueryListener {
    private final PrintWriter err;

    EventPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onEvent(QueryEvent event) {
        String line = describe(event);
        // events arrive on the node's DHT thread while the command thread may print too
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }

    static String describe(QueryEvent event) {
        return switch (event) {
            case QueryEvent.SendingQuery e -> "SendingQuery " + e.peer();
            case QueryEvent.PeerResponse e -> "PeerResponse from " + e.from()
                    + " closer=" + e.closerPeers().size() + " providers=" + e.providers().size();
            case QueryEvent.FinalPeer e -> "FinalPeer " + e.peer().id();
            case QueryEvent.QueryError e -> "QueryError " + (e.peer() == null ? "(query)" : e.peer()) + ": " + e.message();
            case QueryEvent.Provider e -> "Provider " + e.provider().id() + " from " + e.from();
            case QueryEvent.Value e -> "Value from " + e.from() + " (" + e.value().length + " bytes)";
            case QueryEvent.AddingPeer e -> "AddingPeer " + e.peer().id();
            case QueryEvent.DialingPeer e -> "DialingPeer " + e.peer();
        };
    }
}
