package io.jdht.daemon.unixfs;

/** The kinds of UnixFS node, with their numbers in the {@code Data.Type} field. */
public enum UnixFsType {
    RAW(0),
    DIRECTORY(1),
    FILE(2),
    METADATA(3),
    SYMLINK(4),
    HAMT_SHARD(5);

    private final int code;

    UnixFsType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this number; the message of the exception names the number otherwise. */
    public static UnixFsType fromCode(long code) {
        for (UnixFsType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new MalformedNodeException("UnixFS Data: unknown Type " + Long.toUnsignedString(code));
    }
}
