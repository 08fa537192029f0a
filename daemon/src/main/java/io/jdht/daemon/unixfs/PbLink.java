package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;
import java.util.Objects;

/**
 * A link of a dag-pb node: the child's CID, an optional name and an optional cumulative size.
 *
 * <p>An absent name and an empty one are different bytes on the wire, and so give different CIDs:
 * the links of a UnixFS file carry the empty name {@code ""}, as both Kubo and js write them.
 *
 * @param hash the child's CID
 * @param name the link's name, or {@code null} when the link has none
 * @param tsize the cumulative size of the child's DAG (its block plus everything below it), or
 *     {@code null} when the link does not say
 */
public record PbLink(Cid hash, String name, Long tsize) {
    public PbLink {
        Objects.requireNonNull(hash, "hash");
        if (tsize != null && tsize < 0) {
            throw new IllegalArgumentException("Tsize must not be negative: " + tsize);
        }
    }

    /** A link with a name and a cumulative size, the shape UnixFS writes. */
    public static PbLink of(Cid hash, String name, long tsize) {
        return new PbLink(hash, Objects.requireNonNull(name, "name"), tsize);
    }
}
