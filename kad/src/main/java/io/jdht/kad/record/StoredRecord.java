package io.jdht.kad.record;

import java.time.Instant;

/** A value record as this node holds it: key, value and when it was received (for expiry). */
public record StoredRecord(byte[] key, byte[] value, Instant received) {}
