package org.netserv.sidecar.container;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.netserv.module.api.Emitter;
import org.netserv.module.api.ParsedPacket;
import org.netserv.module.api.Verdict;
import org.netserv.sidecar.io.FrameHandler;
import org.netserv.sidecar.io.FrameSink;
import org.netserv.signaling.model.FailurePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each frame through the container's modules whose filters match it, in install order (a chain):
 * the frame goes on while every module says FORWARD, and stops at the first DROP. A module that throws is
 * contained: its failure policy decides the frame (fail-open: go on unchanged, fail-closed: drop), the
 * error is counted, and after {@code failureLimit} errors in a row the module is marked failed and
 * reported; a failed module's frames then only follow its policy.
 *
 * <p>Runs on the packet thread only. The module list is an immutable snapshot swapped on install and
 * uninstall, so the hot path needs no lock and allocates nothing.
 */
final class PacketDispatcher implements FrameHandler {
    private static final Logger log = LoggerFactory.getLogger(PacketDispatcher.class);

    private final int failureLimit;
    private final Consumer<ModuleInstance> onFailed;
    private final ParsedPacket packet = new ParsedPacket();
    private final SinkEmitter emitter = new SinkEmitter();
    private volatile ModuleInstance[] chain = new ModuleInstance[0];

    /**
     * @param failureLimit errors in a row after which a module is stopped
     * @param onFailed told (on the packet thread) when a module has just been marked failed
     */
    PacketDispatcher(int failureLimit, Consumer<ModuleInstance> onFailed) {
        this.failureLimit = failureLimit;
        this.onFailed = onFailed;
    }

    void setChain(List<ModuleInstance> modules) {
        chain = modules.toArray(new ModuleInstance[0]);
    }

    @Override
    public int onFrame(ByteBuffer frame, FrameSink out) {
        packet.wrap(frame, frame.limit());
        emitter.sink = out;
        for (ModuleInstance m : chain) {
            if (!m.request.filter().matches(packet.ipProtocol(), packet.srcIp(), packet.dstIp(), packet.srcPort(),
                    packet.dstPort())) {
                continue;
            }
            boolean failClosed = m.request.failurePolicy() == FailurePolicy.FAIL_CLOSED;
            if (m.failed()) {
                if (failClosed) {
                    return DROP;
                }
                continue;
            }
            m.counted(packet.length());
            Verdict v;
            try {
                v = m.module.process(packet, emitter);
                m.succeeded();
            } catch (Throwable t) { // a module's bug, not ours: contain it
                if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                    throw (VirtualMachineError) t; // out of memory: the JVM exits and the agent reports it
                }
                onError(m, t);
                if (failClosed) {
                    return DROP;
                }
                continue;
            }
            if (v == Verdict.DROP) {
                return DROP;
            }
        }
        return packet.length();
    }

    private void onError(ModuleInstance m, Throwable t) {
        int inARow = m.threw();
        if (inARow == 1) {
            log.warn("module {} threw on a packet ({}); failure policy {}", m.id(), t.toString(),
                    m.request.failurePolicy());
        }
        if (inARow >= failureLimit) {
            m.markFailed("stopped after " + inARow + " errors in a row; last: " + t);
            log.error("module {} stopped: it threw on {} packets in a row (last: {})", m.id(), inARow, t.toString());
            onFailed.accept(m);
        }
    }

    /** The module API's emitter over the transport's sink of the current batch. */
    private static final class SinkEmitter implements Emitter {
        FrameSink sink;

        @Override
        public void emit(ByteBuffer frame) {
            sink.emit(frame);
        }
    }
}
