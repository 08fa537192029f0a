package io.jdht.daemon.http;

/** The header names and values of Kubo's RPC answers (go-ipfs-cmds' HTTP layer). */
final class KuboHeaders {
    private KuboHeaders() {}

    /** Marks a stream of JSON values (one per line). */
    static final String CHUNKED_OUTPUT = "X-Chunked-Output";
    /** Marks raw bytes ({@code block/get}, {@code cat}). */
    static final String STREAM_OUTPUT = "X-Stream-Output";
    /** The trailer carrying an error that happened after output started. */
    static final String STREAM_ERROR = "X-Stream-Error";
    static final String CONTENT_LENGTH_EXTRA = "X-Content-Length";
    /** Kubo sends this list both as allowed and as exposed headers, so browser code can read them. */
    static final String EXPOSED = STREAM_OUTPUT + ", " + CHUNKED_OUTPUT + ", " + CONTENT_LENGTH_EXTRA;
    static final String JSON = "application/json";
    /** What Go's {@code http.Error} labels its plain-text answers with. */
    static final String PLAIN_UTF8 = "text/plain; charset=utf-8";
    /** The methods the RPC API answers, in the {@code Allow} header of 405 and OPTIONS answers. */
    static final String ALLOW_API = "OPTIONS, POST";
}
