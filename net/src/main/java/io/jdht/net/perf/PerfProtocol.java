package io.jdht.net.perf;

/** Constants of {@code /perf/1.0.0}. */
public final class PerfProtocol {
    /** The protocol id negotiated with multistream-select. */
    public static final String ID = "/perf/1.0.0";
    /** Bytes written per buffer when sending filler data; large enough to amortise per-write costs. */
    static final int CHUNK = 64 * 1024;

    private PerfProtocol() {}
}
