package io.jdht.sim;

/** The operations of the workload, named as the CLI and the JSON name them. */
public enum Operation {
    FIND_PEER("findPeer"),
    PROVIDE("provide"),
    FIND_PROVS("findProvs"),
    PUT("put"),
    GET("get"),
    QUERY("query");

    public final String jsonName;

    Operation(String jsonName) {
        this.jsonName = jsonName;
    }
}
