package org.netserv.ofc.core;

import org.projectfloodlight.openflow.protocol.OFErrorType;

/**
 * A message the decoder could not accept, passed up the pipeline instead of an {@code OFMessage}.
 *
 * @param fatal whether the connection must be closed: framing is lost, or the peer never said HELLO
 *     properly. A well-framed message that merely fails to parse is not fatal: it is dropped and the
 *     peer is told.
 * @param errorType the OpenFlow error to send back ({@code HELLO_FAILED} or {@code BAD_REQUEST})
 * @param code the error code name within that type, e.g. {@code BAD_LEN}
 * @param xid the offending message's xid, 0 when unknown
 * @param offending up to the first 64 bytes of the offending message, echoed in the error
 * @param reason what was wrong, for the log and the error's text
 */
public record ProtocolViolation(boolean fatal, OFErrorType errorType, String code, long xid, byte[] offending,
                                String reason) {}
