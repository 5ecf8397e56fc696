package org.netserv.ofc.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFVersion;

class OfFrameDecoderTest {
    private final OFFactory f = OFFactories.getFactory(OFVersion.OF_13);

    private EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new OfFrameDecoder(max));
    }

    private ByteBuf bytes(org.projectfloodlight.openflow.protocol.OFMessage... ms) {
        ByteBuf b = Unpooled.buffer();
        for (var m : ms) {
            m.writeTo(b);
        }
        return b;
    }

    @Test
    void frameSplitAcrossReadsIsReassembled() {
        EmbeddedChannel ch = channel(65535);
        ByteBuf all = bytes(f.buildHello().setXid(5).build());
        ch.writeInbound(all.readRetainedSlice(3));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(all);
        OFHello hello = ch.readInbound();
        assertThat(hello.getXid()).isEqualTo(5);
    }

    @Test
    void severalFramesInOneReadAllArrive() {
        EmbeddedChannel ch = channel(65535);
        ch.attr(OfFrameDecoder.NEGOTIATED).set(OFVersion.OF_13);
        ch.writeInbound(bytes(f.buildEchoRequest().setXid(1).build(), f.buildEchoRequest().setXid(2).build()));
        assertThat(((OFEchoRequest) ch.readInbound()).getXid()).isEqualTo(1);
        assertThat(((OFEchoRequest) ch.readInbound()).getXid()).isEqualTo(2);
    }

    @Test
    void lengthShorterThanHeaderIsFatal() {
        EmbeddedChannel ch = channel(65535);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 0, 0, 4, 0, 0, 0, 1, 9, 9}));
        ProtocolViolation v = ch.readInbound();
        assertThat(v.fatal()).isTrue();
        assertThat(v.code()).isEqualTo("BAD_LEN");
        assertThat(v.reason()).contains("shorter than the 8-byte");
        ch.writeInbound(bytes(f.buildHello().build()));
        assertThat((Object) ch.readInbound()).as("stream is discarded after a fatal error").isNull();
    }

    @Test
    void messageOverTheConfiguredLimitIsFatal() {
        EmbeddedChannel ch = channel(100);
        ch.attr(OfFrameDecoder.NEGOTIATED).set(OFVersion.OF_13);
        ch.writeInbound(bytes(f.buildEchoRequest().setData(new byte[200]).build()));
        ProtocolViolation v = ch.readInbound();
        assertThat(v.fatal()).isTrue();
        assertThat(v.reason()).contains("exceeds the limit of 100 bytes");
    }

    @Test
    void unknownVersionBeforeNegotiationIsFatalHelloFailed() {
        EmbeddedChannel ch = channel(65535);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x47, 0x45, 0x00, 0x08, 0, 0, 0, 0}));
        ProtocolViolation v = ch.readInbound();
        assertThat(v.fatal()).isTrue();
        assertThat(v.errorType()).isEqualTo(OFErrorType.HELLO_FAILED);
        assertThat(v.reason()).contains("0x47");
    }
}
