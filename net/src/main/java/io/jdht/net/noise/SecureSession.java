package io.jdht.net.noise;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;

/**
 * The outcome of a Noise handshake: who is at the other end, proven by their signature over the
 * Noise static key. Fired down the pipeline as a user event and given to the handshake future.
 */
public record SecureSession(PeerId remotePeer, PublicKey remoteKey) {}
