package org.netserv.ofc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGetConfigRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * An OpenFlow 1.3 switch over a real TCP connection, for in-JVM end-to-end tests: answers the handshake,
 * ECHO and BARRIER by itself and queues everything else the controller sends.
 */
final class SimulatedSwitch implements AutoCloseable {
    final OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
    private final Socket socket;
    private final OutputStream out;
    private final DatapathId dpid;
    private final int ports;
    private final BlockingQueue<OFMessage> received = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closedByPeer;

    SimulatedSwitch(int port, DatapathId dpid, int ports) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.out = socket.getOutputStream();
        this.dpid = dpid;
        this.ports = ports;
        send(f.buildHello().setXid(1).build());
        reader = new Thread(this::readLoop, "sim-" + dpid);
        reader.setDaemon(true);
        reader.start();
    }

    synchronized void send(OFMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    /** The next queued message of this type (others before it are skipped), or null after the timeout. */
    <T extends OFMessage> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            OFMessage m = received.poll(10, TimeUnit.MILLISECONDS);
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        return null;
    }

    List<OFMessage> drain() {
        List<OFMessage> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    boolean closedByPeer() {
        return closedByPeer;
    }

    private void readLoop() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (true) {
                byte[] header = new byte[8];
                in.readFully(header);
                int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                byte[] msg = new byte[length];
                System.arraycopy(header, 0, msg, 0, 8);
                in.readFully(msg, 8, length - 8);
                onMessage(OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(msg)));
            }
        } catch (EOFException e) {
            closedByPeer = true;
        } catch (Exception e) {
            closedByPeer = !socket.isClosed();
        }
    }

    private void onMessage(OFMessage m) throws IOException {
        long xid = m.getXid();
        if (m instanceof OFFeaturesRequest) {
            send(f.buildFeaturesReply().setXid(xid).setDatapathId(dpid).setNTables((short) 254).build());
        } else if (m instanceof OFPortDescStatsRequest) {
            List<OFPortDesc> descs = new ArrayList<>();
            for (int p = 1; p <= ports; p++) {
                descs.add(f.buildPortDesc().setPortNo(OFPort.of(p)).setName("sim-eth" + p)
                        .setHwAddr(MacAddress.of(0x0200_0000_0000L + p)).build());
            }
            send(f.buildPortDescStatsReply().setXid(xid).setEntries(descs).build());
        } else if (m instanceof OFGetConfigRequest) {
            send(f.buildGetConfigReply().setXid(xid).setMissSendLen(0xffff).build());
        } else if (m instanceof OFFlowStatsRequest) {
            send(f.buildFlowStatsReply().setXid(xid).setEntries(List.of()).build());
        } else if (m instanceof OFBarrierRequest) {
            send(f.buildBarrierReply().setXid(xid).build());
        } else if (m instanceof OFEchoRequest e) {
            send(f.buildEchoReply().setXid(xid).setData(e.getData()).build());
        } else {
            received.add(m);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
