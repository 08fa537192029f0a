package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.InvalidMultiformatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a dag-pb block into a {@link PbNode}, as strictly as the dag-pb spec asks, so that a block
 * decodes only if it has one meaning: fields of a link in the order Hash, Name, Tsize; no field
 * twice (except links); no unknown fields or wire types; every link with a Hash that is a CID; names
 * in valid UTF-8. The one leniency the spec requires: a node may put its Data before its Links (old
 * blocks were written that way), though the links must not be split around the data.
 *
 * <p>Bounded by {@link DagPbLimits}: the block's size is checked before anything is read, and the
 * number of links as they are read. Failures are {@link MalformedNodeException}s.
 */
public final class DagPbDecoder {
    private DagPbDecoder() {}

    /** Decodes with {@link DagPbLimits#DEFAULT}. */
    public static PbNode decode(byte[] block) {
        return decode(block, DagPbLimits.DEFAULT);
    }

    public static PbNode decode(byte[] block, DagPbLimits limits) {
        if (block.length > limits.maxBlockBytes()) {
            throw new MalformedNodeException("dag-pb block of " + block.length + " bytes exceeds the limit of "
                    + limits.maxBlockBytes());
        }
        ProtoReader in = new ProtoReader(block, 0, block.length, "dag-pb PBNode");
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        int linksBeforeData = 0;
        while (in.hasMore()) {
            ProtoReader.Tag tag = in.readTag();
            if (tag.wireType() != ProtoWriter.LEN) {
                throw in.malformed("field " + tag.field() + " has wire type " + tag.wireType()
                        + ", expected 2 (length-delimited)");
            }
            switch (tag.field()) {
                case DagPbEncoder.DATA -> {
                    if (data != null) {
                        throw in.malformed("Data appears twice");
                    }
                    data = in.readBytes();
                    linksBeforeData = links.size();
                }
                case DagPbEncoder.LINKS -> {
                    if (data != null && linksBeforeData > 0) {
                        throw in.malformed("Links appear both before and after Data");
                    }
                    if (links.size() >= limits.maxLinks()) {
                        throw in.malformed("more than " + limits.maxLinks() + " links");
                    }
                    links.add(decodeLink(in.readEmbedded("dag-pb PBLink " + links.size())));
                }
                default -> throw in.malformed("unknown field " + tag.field() + " (only 1, Data, and 2, Links, exist)");
            }
        }
        return new PbNode(links, data);
    }

    private static PbLink decodeLink(ProtoReader in) {
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int lastField = 0;
        while (in.hasMore()) {
            ProtoReader.Tag tag = in.readTag();
            int field = tag.field();
            if (field == lastField) {
                throw in.malformed(fieldName(field) + " appears twice");
            }
            if (field < lastField) {
                throw in.malformed(fieldName(field) + " after " + fieldName(lastField)
                        + " (fields must come in the order Hash, Name, Tsize)");
            }
            switch (field) {
                case DagPbEncoder.LINK_HASH -> {
                    expectWireType(in, tag, ProtoWriter.LEN);
                    hash = decodeCid(in, in.readBytes());
                }
                case DagPbEncoder.LINK_NAME -> {
                    expectWireType(in, tag, ProtoWriter.LEN);
                    name = decodeUtf8(in, in.readBytes());
                }
                case DagPbEncoder.LINK_TSIZE -> {
                    expectWireType(in, tag, ProtoWriter.VARINT);
                    tsize = in.readUnsigned("Tsize");
                }
                default -> throw in.malformed("unknown field " + field + " (only 1, Hash, 2, Name, and 3, Tsize, exist)");
            }
            lastField = field;
        }
        if (hash == null) {
            throw in.malformed("has no Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static String fieldName(int field) {
        return switch (field) {
            case DagPbEncoder.LINK_HASH -> "Hash";
            case DagPbEncoder.LINK_NAME -> "Name";
            case DagPbEncoder.LINK_TSIZE -> "Tsize";
            default -> "field " + field;
        };
    }

    private static void expectWireType(ProtoReader in, ProtoReader.Tag tag, int wireType) {
        if (tag.wireType() != wireType) {
            throw in.malformed(fieldName(tag.field()) + " has wire type " + tag.wireType() + ", expected " + wireType);
        }
    }

    private static Cid decodeCid(ProtoReader in, byte[] bytes) {
        try {
            return Cid.decode(bytes);
        } catch (InvalidMultiformatException e) {
            throw in.malformed("Hash is not a CID: " + e.getMessage());
        }
    }

    private static String decodeUtf8(ProtoReader in, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw in.malformed("Name is not valid UTF-8");
        }
    }
}
