package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;

/**
 * What an import made.
 *
 * @param root the CID of the file's root block, what {@code ipfs add} prints
 * @param size the file's length in bytes
 * @param dagSize the cumulative size of the DAG: every block's length, a block counted once per
 *     link to it (Kubo's {@code CumulativeSize}, the {@code Size} that {@code ipfs add} reports and a
 *     link to this file would carry as Tsize)
 */
public record ImportResult(Cid root, long size, long dagSize) {}
