package io.jdht.daemon.unixfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the balanced layout while the leaves stream in, holding at most {@code maxLinks} pending
 * subtrees per level, so memory grows with the tree's height (the logarithm of the file's size),
 * never with the file.
 *
 * <p>The shape is the one Kubo and js build: the leaves, in order, are grouped {@code maxLinks} at a
 * time under inner nodes; those are grouped the same way, level by level, until one node is left.
 * Every leaf is at the same depth, every node but the last of its level is full, and a file of one
 * chunk is its own root. Here a level is grouped when it would overflow: the node is made when the
 * next subtree arrives, and {@link #finish()} groups whatever is left, from the bottom up.
 */
final class BalancedTree {
    private final FileBlockWriter writer;
    private final int maxLinks;
    /** levels.get(0) holds leaves, levels.get(1) nodes over leaves, and so on. */
    private final List<List<DagLink>> levels = new ArrayList<>();

    BalancedTree(FileBlockWriter writer, int maxLinks) {
        this.writer = writer;
        this.maxLinks = maxLinks;
    }

    void addLeaf(DagLink leaf) throws IOException {
        add(0, leaf);
    }

    /**
     * Makes the remaining inner nodes and returns the root. Each level is closed under one node that
     * joins the level above, unless it is the top level and holds a single subtree: that is the root.
     */
    DagLink finish() throws IOException {
        if (levels.isEmpty()) {
            throw new IllegalStateException("a file has at least one leaf, even when empty");
        }
        // one pass per level; closing a level adds at most one level above it, and the height is
        // bounded by log(maxLinks) of the number of leaves
        for (int level = 0; level < levels.size(); level++) {
            List<DagLink> pending = levels.get(level);
            boolean top = level == levels.size() - 1;
            if (top && pending.size() == 1) {
                return pending.getFirst();
            }
            DagLink node = writer.parent(pending);
            pending.clear();
            add(level + 1, node);
        }
        throw new IllegalStateException("the top level was closed without leaving a root");
    }

    private void add(int level, DagLink subtree) throws IOException {
        if (level == levels.size()) {
            levels.add(new ArrayList<>(maxLinks));
        }
        List<DagLink> pending = levels.get(level);
        if (pending.size() == maxLinks) {
            // this level's node is full: close it and start the next one with this subtree
            DagLink node = writer.parent(pending);
            pending.clear();
            add(level + 1, node);
        }
        pending.add(subtree);
    }
}
