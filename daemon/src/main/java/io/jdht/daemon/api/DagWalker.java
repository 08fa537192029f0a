package io.jdht.daemon.api;

import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.unixfs.DagPbDecoder;
import io.jdht.daemon.unixfs.PbLink;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.node.Blockstore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The blocks a DAG is made of, for {@code provide --recursive}: the roots, and every block their
 * dag-pb links reach in the blockstore. Raw blocks have no links. A link to a block not held here
 * is kept in the list, so that the all-or-nothing check of provide names it.
 */
final class DagWalker {
    /** More blocks than any one provide should announce; a bound on the walk. */
    static final int MAX_BLOCKS = 1_000_000;

    private DagWalker() {}

    static List<Cid> closure(Blockstore blocks, List<Cid> roots) {
        Set<Cid> seen = new LinkedHashSet<>();
        Deque<Cid> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Cid c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (seen.size() > MAX_BLOCKS) {
                throw ApiError.normal("the DAG has more than " + MAX_BLOCKS + " blocks; provide fewer at a time");
            }
            if (c.codec() != Multicodec.DAG_PB) {
                continue;
            }
            blocks.get(c).ifPresent(bytes -> {
                for (PbLink link : DagPbDecoder.decode(bytes).links()) {
                    todo.add(link.hash());
                }
            });
        }
        return new ArrayList<>(seen);
    }
}
