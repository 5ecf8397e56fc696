package org.netserv.ofc.steering.nx;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionNicira;

/**
 * An Open vSwitch Nicira-extension action that OpenFlowJ-Loxi does not generate (it knows only a few, such
 * as dec_ttl), made so Loxi can still carry it: Loxi writes a bucket's or an apply-actions' list by calling
 * {@link #writeTo} on each {@code OFAction} and measures the length from the buffer, so any implementation
 * that writes a complete, 8-byte-aligned action is serialised correctly.
 *
 * <p>Encoding only: Loxi's readers would decode these actions as a bare {@code OFActionNicira}. The Nicira
 * encoding is the same in OpenFlow 1.0 to 1.5; {@link #getVersion()} says 1.3, the version we speak.
 */
public sealed interface NxAction extends OFActionNicira permits NxRegLoad, NxLearn, NxOutputReg, NxBundleLoad {
    /** Nicira's experimenter (vendor) id, {@code NX_VENDOR_ID}. */
    long NICIRA_EXPERIMENTER = 0x00002320L;

    @Override
    default OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    default long getExperimenter() {
        return NICIRA_EXPERIMENTER;
    }

    @Override
    default OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    /** A builder that rebuilds this same (immutable) action: it has no settable property Loxi knows of. */
    @Override
    default OFActionNicira.Builder createBuilder() {
        return new NxWire.Same(this);
    }

    /** Hashes the wire form, as Loxi's funnels do for the actions it generates. */
    @Override
    default void putTo(PrimitiveSink sink) {
        sink.putBytes(toBytes());
    }

    /** The action as written on the wire. */
    default byte[] toBytes() {
        ByteBuf buf = Unpooled.buffer();
        writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
