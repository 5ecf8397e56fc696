package org.netserv.ofc.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadActionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadInstructionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadMatchErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFGroupModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFMeterModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFPortModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFSwitchConfigFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFTableModFailedErrorMsg;
import org.projectfloodlight.openflow.types.OFErrorCauseData;

/** Builds the OpenFlow errors we send and turns the ones we receive into sentences for the log. */
public final class OfErrors {
    private OfErrors() {}

    /** What the common error codes mean, in words an operator can act on. */
    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("HELLO_FAILED/INCOMPATIBLE", "no OpenFlow version in common"),
            Map.entry("HELLO_FAILED/EPERM", "permissions error during HELLO"),
            Map.entry("BAD_REQUEST/BAD_VERSION", "the switch does not support this message's version"),
            Map.entry("BAD_REQUEST/BAD_TYPE", "the switch does not support this message type"),
            Map.entry("BAD_REQUEST/BAD_STAT", "the switch does not support this statistics request"),
            Map.entry("BAD_REQUEST/BAD_LEN", "the message length is wrong"),
            Map.entry("BAD_REQUEST/BUFFER_UNKNOWN", "the packet buffer id is unknown or expired"),
            Map.entry("BAD_REQUEST/BAD_TABLE_ID", "the table does not exist"),
            Map.entry("BAD_REQUEST/BAD_PORT", "the port does not exist"),
            Map.entry("BAD_REQUEST/IS_SLAVE", "the controller is in the slave role"),
            Map.entry("BAD_MATCH/BAD_PREREQ",
                    "a match field is missing its prerequisite (e.g. ip fields without eth_type 0x0800)"),
            Map.entry("BAD_MATCH/BAD_FIELD", "the switch does not support a match field"),
            Map.entry("BAD_MATCH/BAD_VALUE", "a match field has a value the switch rejects"),
            Map.entry("BAD_MATCH/BAD_MASK", "a match field has a mask the switch does not support"),
            Map.entry("BAD_MATCH/DUP_FIELD", "a match field appears twice"),
            Map.entry("BAD_ACTION/BAD_OUT_PORT", "an action outputs to a port that does not exist"),
            Map.entry("BAD_ACTION/BAD_TYPE", "the switch does not support an action type"),
            Map.entry("BAD_ACTION/BAD_ARGUMENT", "an action has a bad argument"),
            Map.entry("BAD_ACTION/BAD_OUT_GROUP", "an action points at a group that does not exist"),
            Map.entry("BAD_ACTION/MATCH_INCONSISTENT", "an action does not fit the match (e.g. set a TCP port without ip_proto 6)"),
            Map.entry("BAD_ACTION/BAD_SET_TYPE", "the switch cannot set this field"),
            Map.entry("BAD_INSTRUCTION/UNSUP_INST", "the switch does not support this instruction"),
            Map.entry("BAD_INSTRUCTION/BAD_TABLE_ID", "goto_table points at a missing or earlier table"),
            Map.entry("FLOW_MOD_FAILED/TABLE_FULL", "the flow table is full"),
            Map.entry("FLOW_MOD_FAILED/ALL_TABLES_FULL", "every flow table is full"),
            Map.entry("FLOW_MOD_FAILED/BAD_TABLE_ID", "the flow table does not exist"),
            Map.entry("FLOW_MOD_FAILED/OVERLAP", "the flow overlaps an existing one and CHECK_OVERLAP was set"),
            Map.entry("FLOW_MOD_FAILED/BAD_TIMEOUT", "the switch does not support these timeouts"),
            Map.entry("FLOW_MOD_FAILED/BAD_COMMAND", "the switch does not support this FlowMod command"),
            Map.entry("GROUP_MOD_FAILED/GROUP_EXISTS", "a group with this id already exists"),
            Map.entry("GROUP_MOD_FAILED/UNKNOWN_GROUP", "the group does not exist"),
            Map.entry("GROUP_MOD_FAILED/INVALID_GROUP", "the group id is reserved or invalid"));

    /** The error's code name, e.g. {@code BAD_PREREQ}, or {@code ?} for types we do not decode. */
    public static String codeOf(OFErrorMsg e) {
        Object code;
        if (e instanceof OFHelloFailedErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFBadRequestErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFBadMatchErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFBadActionErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFBadInstructionErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFFlowModFailedErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFGroupModFailedErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFPortModFailedErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFTableModFailedErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFSwitchConfigFailedErrorMsg m) {
            code = m.getCode();
        } else if (e instanceof OFMeterModFailedErrorMsg m) {
            code = m.getCode();
        } else {
            code = "?";
        }
        return String.valueOf(code);
    }

    /**
     * One line saying what went wrong, e.g. {@code BAD_MATCH/BAD_PREREQ (a match field is missing its
     * prerequisite ...) in reply to FLOW_MOD xid 42}.
     */
    public static String describe(OFErrorMsg e) {
        String key = e.getErrType() + "/" + codeOf(e);
        StringBuilder sb = new StringBuilder(key);
        String meaning = MEANING.get(key);
        if (meaning != null) {
            sb.append(" (").append(meaning).append(')');
        }
        OFErrorCauseData data = e.getData();
        com.google.common.base.Optional<OFMessage> cause = data.getParsedMessage();
        if (cause.isPresent()) {
            sb.append(" in reply to ").append(cause.get().getType()).append(" xid ").append(cause.get().getXid());
        } else if (e.getErrType() == OFErrorType.HELLO_FAILED && data.getData().length > 0) {
            sb.append(": \"").append(new String(data.getData(), StandardCharsets.US_ASCII).trim()).append('"');
        } else {
            sb.append(" for xid ").append(e.getXid());
        }
        return sb.toString();
    }

    /** HELLO_FAILED/INCOMPATIBLE with an ASCII explanation, as the spec suggests. */
    public static OFMessage helloFailed(OFFactory f, long xid, String why) {
        return f.errorMsgs().buildHelloFailedErrorMsg()
                .setXid(xid)
                .setCode(OFHelloFailedCode.INCOMPATIBLE)
                .setData(OFErrorCauseData.of(why.getBytes(StandardCharsets.US_ASCII), f.getVersion()))
                .build();
    }

    /** An error for a violation the decoder found: HELLO_FAILED or BAD_REQUEST with the offending bytes. */
    public static OFMessage forViolation(OFFactory f, ProtocolViolation v) {
        if (v.errorType() == OFErrorType.HELLO_FAILED) {
            return helloFailed(f, v.xid(), v.reason());
        }
        return f.errorMsgs().buildBadRequestErrorMsg()
                .setXid(v.xid())
                .setCode(OFBadRequestCode.valueOf(v.code()))
                .setData(OFErrorCauseData.of(v.offending(), f.getVersion()))
                .build();
    }
}
