package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;

/**
 * A finished subtree of a file's DAG, as its parent needs it: the CID to link to, the content bytes
 * under it (the parent's blocksize for it) and its cumulative DAG size (the link's Tsize).
 */
record DagLink(Cid cid, long contentSize, long dagSize) {}
