package io.jdht.net.noise;

import io.netty.channel.CombinedChannelDuplexHandler;

/** The secured channel after the handshake: decrypts inbound frames and encrypts outbound bytes. */
public final class NoiseTransportCodec extends CombinedChannelDuplexHandler<NoiseFrameDecoder, NoiseFrameEncoder> {
    NoiseTransportCodec(CipherState send, CipherState receive) {
        super(new NoiseFrameDecoder(receive), new NoiseFrameEncoder(send));
    }
}
