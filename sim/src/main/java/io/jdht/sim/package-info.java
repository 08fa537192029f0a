/** A deterministic discrete-event simulator of a whole DHT network (filled in by issue 11). */
package io.jdht.sim;
