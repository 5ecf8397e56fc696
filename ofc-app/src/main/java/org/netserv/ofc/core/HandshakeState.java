package org.netserv.ofc.core;

/**
 * The states of one switch connection's handshake, in order. Each names what the controller is
 * waiting for; {@link SwitchHandshake} holds the transitions.
 */
public enum HandshakeState {
    /** Our HELLO is sent; waiting for the peer's, to agree on a version. */
    WAIT_HELLO,
    /** FEATURES_REQUEST sent; waiting for the datapath id and table count. */
    WAIT_FEATURES_REPLY,
    /** PORT_DESC multipart request sent; collecting every part. */
    WAIT_PORT_DESC,
    /** SET_CONFIG (send whole frames to the controller) and GET_CONFIG_REQUEST sent. */
    WAIT_CONFIG_REPLY,
    /** Flow-stats request for the OFC's own entries sent, to resynchronise them. */
    WAIT_FLOW_STATS,
    /** Stale entries deleted, table-miss and remembered entries added, BARRIER sent. */
    WAIT_TABLE_MISS_BARRIER,
    /** Handshake done: the switch is registered and messages go to the listener chain. */
    READY,
    /** The connection is closed or being closed. */
    CLOSED
}
