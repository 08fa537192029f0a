package io.jdht.net.multistream;

import io.jdht.multiformats.Varint;
import io.jdht.net.handshake.TimedStep;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * One multistream-select 1.0.0 negotiation on a channel (a TCP connection, the secured channel, or
 * a yamux stream), as initiator or responder.
 *
 * <p>Both sides send the header {@code /multistream/1.0.0} at once. The initiator sends its first
 * proposal right behind the header, without waiting (saving a round trip), and moves to the next
 * proposal on {@code na}. The responder echoes a proposal it supports, answers {@code na} to the
 * rest and to {@code ls}. On agreement the handler calls {@link OnAgreed}, which installs the
 * protocol's handlers behind this one, and then removes itself; bytes that arrived right behind the
 * last negotiation message are passed on to those handlers, not lost.
 *
 * <p>An {@linkplain #optimistic optimistic} initiator, which proposes a single protocol, does not
 * wait for the echo at all: it installs the protocol's handlers right behind the proposal, so their
 * first message leaves in the same flight, and checks the echo when it arrives (libp2p's "lazy"
 * or optimistic multistream-select). This saves the round trip of every stream and of the security
 * step. If the remote refuses the protocol, the handlers behind learn it through an
 * {@code exceptionCaught} with a {@link ProtocolRefusedException} and the channel closes: what was
 * sent optimistically is lost, and the responder, which reads it as further proposals, only ever
 * answers {@code na} to them or gives up, since it accepts nothing it does not support.
 *
 * <p>Every message is bounded ({@link #MAX_MESSAGE}), the number of rounds is bounded, and the
 * whole negotiation has a deadline. Any failure completes {@link #result()} exceptionally with a
 * {@link NegotiationException} and closes the channel.
 */
public final class MultistreamNegotiator extends TimedStep<String> {
    public static final String HEADER = "/multistream/1.0.0";
    static final String NA = "na";
    /** Longest message accepted, newline included; protocol ids are short. */
    static final int MAX_MESSAGE = 1024;
    /** Most proposals a responder hears before giving up on the initiator. */
    static final int MAX_ROUNDS = 32;

    /** Installs the agreed protocol's handlers; runs on the channel's event loop. */
    @FunctionalInterface
    public interface OnAgreed {
        void agreed(Channel channel, String protocol) throws Exception;
    }

    private final boolean initiator;
    private final Deque<String> proposals;
    private final Predicate<String> supported;
    private final OnAgreed onAgreed;
    private final boolean optimistic;
    private boolean headerReceived;
    private int rounds;

    private MultistreamNegotiator(boolean initiator, boolean optimistic, List<String> proposals,
            Predicate<String> supported, Duration timeout, OnAgreed onAgreed) {
        super(timeout,
                () -> new NegotiationException("multistream negotiation timed out after " + timeout.toMillis() + " ms"),
                () -> new NegotiationException("channel closed during multistream negotiation"));
        this.initiator = initiator;
        this.optimistic = optimistic;
        this.proposals = new ArrayDeque<>(proposals);
        this.supported = supported;
        this.onAgreed = onAgreed;
    }

    /** The dialing side: proposes {@code protocols} in order until the other side accepts one. */
    public static MultistreamNegotiator initiator(List<String> protocols, Duration timeout, OnAgreed onAgreed) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("an initiator needs at least one protocol to propose");
        }
        protocols.forEach(MultistreamNegotiator::checkProtocolId);
        return new MultistreamNegotiator(true, false, protocols, p -> false, timeout, onAgreed);
    }

    /**
     * The dialing side proposing one protocol optimistically: {@code onAgreed} runs at once, right
     * after the proposal is written, and the echo is checked when it comes. {@link #result()}
     * completes once the echo confirms the protocol.
     */
    public static MultistreamNegotiator optimistic(String protocol, Duration timeout, OnAgreed onAgreed) {
        checkProtocolId(protocol);
        return new MultistreamNegotiator(true, true, List.of(protocol), p -> false, timeout, onAgreed);
    }

    /** The listening side: accepts the first proposal {@code supported} says yes to. */
    public static MultistreamNegotiator responder(Predicate<String> supported, Duration timeout, OnAgreed onAgreed) {
        return new MultistreamNegotiator(false, false, List.of(), supported, timeout, onAgreed);
    }

    @Override
    protected void onStart(ChannelHandlerContext ctx) throws Exception {
        write(ctx, HEADER);
        if (initiator) {
            write(ctx, proposals.peekFirst());
        }
        ctx.flush();
        if (optimistic) {
            onAgreed.agreed(ctx.channel(), proposals.peekFirst());
        }
    }

    /**
     * After an optimistic start the handlers behind this one think the stream is theirs: they learn
     * of a failure (a refusal, garbage, the deadline) as an exception before the channel closes.
     */
    @Override
    protected void onFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (optimistic) {
            // kept too, for handlers installed only after the failure: the stream was handed over
            // at once, and its opener may add them in a later task on the event loop
            ctx.channel().attr(OPTIMISTIC_FAILURE).set(cause);
            ctx.fireExceptionCaught(cause);
        }
    }

    /** Why an optimistically opened channel failed its negotiation, if it did. */
    public static java.util.Optional<Throwable> optimisticFailure(Channel channel) {
        return java.util.Optional.ofNullable(channel.attr(OPTIMISTIC_FAILURE).get());
    }

    private static final io.netty.util.AttributeKey<Throwable> OPTIMISTIC_FAILURE =
            io.netty.util.AttributeKey.valueOf(MultistreamNegotiator.class, "optimistic-failure");

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        while (!result().isDone()) {
            String message = readMessage(in);
            if (message == null) {
                return;
            }
            if (!headerReceived) {
                if (!message.equals(HEADER)) {
                    throw new NegotiationException("expected the multistream header, got '" + printable(message) + "'");
                }
                headerReceived = true;
                continue;
            }
            if (initiator) {
                onAnswer(ctx, message);
            } else {
                onProposal(ctx, message);
            }
        }
    }

    private void onAnswer(ChannelHandlerContext ctx, String message) throws Exception {
        String proposed = proposals.peekFirst();
        if (message.equals(proposed)) {
            if (optimistic) {
                confirmed(ctx, proposed);
            } else {
                agree(ctx, proposed);
            }
        } else if (message.equals(NA)) {
            proposals.removeFirst();
            if (proposals.isEmpty()) {
                throw new ProtocolRefusedException(proposed, "the remote supports none of the protocols proposed (last: " + proposed + ")");
            }
            write(ctx, proposals.peekFirst());
            ctx.flush();
        } else {
            throw new NegotiationException("unexpected answer '" + printable(message) + "' to proposal " + proposed);
        }
    }

    private void onProposal(ChannelHandlerContext ctx, String message) throws Exception {
        if (++rounds > MAX_ROUNDS) {
            throw new NegotiationException("the remote proposed more than " + MAX_ROUNDS + " protocols");
        }
        if (!message.equals("ls") && supported.test(message)) {
            write(ctx, message);
            ctx.flush();
            agree(ctx, message);
        } else {
            write(ctx, NA);
            ctx.flush();
        }
    }

    private void agree(ChannelHandlerContext ctx, String protocol) throws Exception {
        onAgreed.agreed(ctx.channel(), protocol);
        succeed(protocol);
        ctx.pipeline().remove(this); // leftover bytes flow on to the handlers just installed
    }

    /** The echo of an optimistic proposal: the handlers are in place already, only this one goes. */
    private void confirmed(ChannelHandlerContext ctx, String protocol) {
        succeed(protocol);
        ctx.pipeline().remove(this);
    }

    /** Reads one length-prefixed, newline-terminated message, or returns null if it is incomplete. */
    private static String readMessage(ByteBuf in) throws NegotiationException {
        int start = in.readerIndex();
        long length = 0;
        int prefix = 0;
        while (true) {
            if (prefix == 2) {
                throw new NegotiationException("multistream message length prefix is too long");
            }
            if (in.readableBytes() <= prefix) {
                return null;
            }
            int b = in.getByte(start + prefix) & 0xFF;
            length |= (long) (b & 0x7F) << (7 * prefix);
            prefix++;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > MAX_MESSAGE) {
            throw new NegotiationException("multistream message of " + length + " bytes exceeds " + MAX_MESSAGE);
        }
        if (length == 0) {
            throw new NegotiationException("empty multistream message");
        }
        if (in.readableBytes() < prefix + length) {
            return null;
        }
        in.skipBytes(prefix);
        String s = in.readCharSequence((int) length, StandardCharsets.UTF_8).toString();
        if (!s.endsWith("\n")) {
            throw new NegotiationException("multistream message does not end in a newline");
        }
        return s.substring(0, s.length() - 1);
    }

    private static void write(ChannelHandlerContext ctx, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = ctx.alloc().buffer(Varint.size(body.length) + body.length);
        buf.writeBytes(Varint.encode(body.length)).writeBytes(body);
        ctx.write(buf);
    }

    private static void checkProtocolId(String id) {
        byte[] bytes = (id + "\n").getBytes(StandardCharsets.UTF_8);
        if (id.isEmpty() || id.indexOf('\n') >= 0 || bytes.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("invalid protocol id '" + id + "'");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
