package org.netserv.ofc.switches;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;

/** The switch answered a request with an OpenFlow ERROR; the message is the decoded error. */
public final class OpenFlowErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient OFErrorMsg error;

    public OpenFlowErrorException(String message, OFErrorMsg error) {
        super(message);
        this.error = error;
    }

    public OFErrorMsg error() {
        return error;
    }
}
