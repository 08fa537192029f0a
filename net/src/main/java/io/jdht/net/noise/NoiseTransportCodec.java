package io.jdht.net.noise;

import io.netty.channel.CombinedChannelDuplexHandler;

/**
 * The secured channel after the handshake: decrypts inbound frames into plaintext buffers (one per
 * frame) and encrypts outbound buffers into frames. It holds the two transport {@link CipherState}s
 * the handshake split off, one per direction, and is only ever made by {@link NoiseHandshakeHandler}.
 */
public final class NoiseTransportCodec extends CombinedChannelDuplexHandler<NoiseFrameDecoder, NoiseFrameEncoder> {
    NoiseTransportCodec(CipherState send, CipherState receive) {
        super(new NoiseFrameDecoder(receive), new NoiseFrameEncoder(send));
    }
}
