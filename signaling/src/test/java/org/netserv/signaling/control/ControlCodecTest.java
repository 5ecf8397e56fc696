package org.netserv.signaling.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netserv.signaling.model.ModuleRequest;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.model.Protocol;

class ControlCodecTest {
    private static final ModuleRequest REQ = new ModuleRequest("acme", "nm", "http://ofc:8080/m.jar", null,
            PacketFilter.of(Protocol.UDP, 5060), 60L, Map.of("top", "5"), null);

    @Test
    void everyMessageRoundTripsThroughTheWireFormat() {
        List<ControlMessage> all = List.of(
                new ControlMessage.Hello(1, "sc1", "02:00:00:00:00:01", "sc1-eth0",
                        new ControlMessage.Capacity(2, 24000, 50), List.of()),
                new ControlMessage.Welcome(1, 100, 500),
                new ControlMessage.Heartbeat(7, 1, 2),
                new ControlMessage.Install(3, REQ),
                new ControlMessage.Remove(4, "acme", "nm"),
                new ControlMessage.Result(3, false, "SHA-256 mismatch", null),
                new ControlMessage.Counters(List.of()),
                new ControlMessage.Bye("stopping"));
        EmbeddedChannel ch = new EmbeddedChannel();
        ControlCodec.install(ch.pipeline());
        for (ControlMessage m : all) {
            assertThat(ch.writeOutbound(m)).isTrue();
            ch.writeInbound(drain(ch));
            assertThat((Object) ch.readInbound()).isEqualTo(m);
        }
    }

    @Test
    void wireFormatIsALengthPrefixAndATypedJsonObject() {
        byte[] json = ControlCodec.encode(new ControlMessage.Heartbeat(7, 1, 2));
        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"heartbeat\",\"seq\":7,\"containers\":1,\"modules\":2}");
        EmbeddedChannel ch = new EmbeddedChannel();
        ControlCodec.install(ch.pipeline());
        ch.writeOutbound(new ControlMessage.Heartbeat(7, 1, 2));
        ByteBuf wire = drain(ch);
        assertThat(wire.readableBytes()).isEqualTo(4 + json.length);
        assertThat(wire.getInt(0)).isEqualTo(json.length);
    }

    @Test
    void unknownTypesAndBadJsonArriveAsProblemsNotExceptions() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ControlCodec.install(ch.pipeline());
        ch.writeInbound(frame("{\"type\":\"teleport\"}"));
        ch.writeInbound(frame("{not json"));
        ch.writeInbound(frame("{\"type\":\"install\",\"requestId\":1,\"request\":{\"user\":\"A B\"}}"));
        assertThat(((ControlCodec.DecoderProblem) ch.readInbound()).reason()).isEqualTo("unknown message type 'teleport'");
        assertThat(((ControlCodec.DecoderProblem) ch.readInbound()).reason()).contains("not valid JSON");
        assertThat(((ControlCodec.DecoderProblem) ch.readInbound()).reason()).isEqualTo("request: name is required");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void oversizedFramesAreRefused() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ControlCodec.install(ch.pipeline());
        ByteBuf huge = Unpooled.buffer().writeInt(ControlCodec.MAX_FRAME + 1).writeZero(16);
        assertThatThrownBy(() -> ch.writeInbound(huge)).isInstanceOf(TooLongFrameException.class);
    }

    /** Everything written so far as one buffer (the prepender writes length and body separately). */
    private static ByteBuf drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    private static ByteBuf frame(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeInt(b.length).writeBytes(b);
    }
}
