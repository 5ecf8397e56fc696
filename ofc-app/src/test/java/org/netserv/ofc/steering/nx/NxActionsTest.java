package org.netserv.ofc.steering.nx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.hash.Hashing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The Nicira actions byte by byte, and through Open vSwitch's own parser: Loxi serialises a GROUP_MOD or
 * FLOW_MOD holding them and {@code ovs-ofctl ofp-print} must decode it to the text OVS itself writes.
 */
class NxActionsTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final U64 COOKIE = U64.of(0x5e00000000000007L);
    private static final int SIDECAR_PORT = 2;

    /** The part both directions share: table 2, priority 1000, idle 30 s, IPv4 and {@code proto}. */
    private static NxLearn.Builder common(int proto) {
        return NxLearn.builder().tableId(2).priority(1000).idleTimeout(30).cookie(COOKIE)
                .matchValue(NxField.ETH_TYPE, 0x0800).matchValue(NxField.IP_PROTO, proto);
    }

    private static NxLearn forward(int proto, NxField l4Src, NxField l4Dst) {
        return common(proto)
                .matchFrom(NxField.IPV4_SRC, NxField.IPV4_SRC).matchFrom(NxField.IPV4_DST, NxField.IPV4_DST)
                .matchFrom(l4Src, l4Src).matchFrom(l4Dst, l4Dst)
                .outputFrom(NxField.REG0, 0, 16).build();
    }

    private static NxLearn reverse(int proto, NxField l4Src, NxField l4Dst) {
        return common(proto)
                .matchFrom(NxField.IPV4_SRC, NxField.IPV4_DST).matchFrom(NxField.IPV4_DST, NxField.IPV4_SRC)
                .matchFrom(l4Src, l4Dst).matchFrom(l4Dst, l4Src)
                .outputFrom(NxField.REG0, 0, 16).build();
    }

    /** A select group with one sidecar bucket as steering builds it. */
    private static OFMessage sidecarGroup(List<OFAction> actions) {
        OFBucket bucket = OF13.buildBucket().setWeight(1).setWatchPort(OFPort.ANY).setWatchGroup(OFGroup.ANY)
                .setActions(actions).build();
        return OF13.buildGroupAdd().setXid(7).setGroup(OFGroup.of(1)).setGroupType(OFGroupType.SELECT)
                .setBuckets(List.of(bucket)).build();
    }

    private static List<OFAction> bucketActions(NxLearn fwd, NxLearn rev) {
        return List.of(NxRegLoad.reg0(SIDECAR_PORT, 0, 16), fwd, rev,
                OF13.actions().output(OFPort.of(SIDECAR_PORT), 0xffff));
    }

    private static byte[] bytes(OFMessage m) {
        ByteBuf buf = Unpooled.buffer();
        m.writeTo(buf);
        return ByteBufUtil.getBytes(buf);
    }

    private static String hex(byte[] b) {
        return ByteBufUtil.hexDump(b);
    }

    private static final String FWD_UDP = "learn(table=2,idle_timeout=30,priority=1000,cookie=0x5e00000000000007,"
            + "eth_type=0x800,nw_proto=17,NXM_OF_IP_SRC[],NXM_OF_IP_DST[],NXM_OF_UDP_SRC[],NXM_OF_UDP_DST[],"
            + "output:NXM_NX_REG0[0..15])";
    private static final String REV_UDP = "learn(table=2,idle_timeout=30,priority=1000,cookie=0x5e00000000000007,"
            + "eth_type=0x800,nw_proto=17,NXM_OF_IP_SRC[]=NXM_OF_IP_DST[],NXM_OF_IP_DST[]=NXM_OF_IP_SRC[],"
            + "NXM_OF_UDP_SRC[]=NXM_OF_UDP_DST[],NXM_OF_UDP_DST[]=NXM_OF_UDP_SRC[],output:NXM_NX_REG0[0..15])";

    @Nested
    class ThroughOvsOfctl {
        @Test
        void udpSidecarBucketDecodesToTheLoadBothLearnsAndTheOutput() {
            String text = ofpPrint(bytes(sidecarGroup(bucketActions(
                    forward(17, NxField.UDP_SRC, NxField.UDP_DST), reverse(17, NxField.UDP_SRC, NxField.UDP_DST)))));

            assertThat(text).startsWith("OFPT_GROUP_MOD (OF1.3) (xid=0x7):")
                    .contains("ADD group_id=1,type=select,bucket=actions=load:0x2->NXM_NX_REG0[0..15],"
                            + FWD_UDP + "," + REV_UDP + ",output:2")
                    .doesNotContain("bad", "error", "***");
        }

        @Test
        void tcpSidecarBucketDecodesToTcpPorts() {
            String text = ofpPrint(bytes(sidecarGroup(bucketActions(
                    forward(6, NxField.TCP_SRC, NxField.TCP_DST), reverse(6, NxField.TCP_SRC, NxField.TCP_DST)))));

            String head = "learn(table=2,idle_timeout=30,priority=1000,cookie=0x5e00000000000007,eth_type=0x800,nw_proto=6,";
            assertThat(text).contains("bucket=actions=load:0x2->NXM_NX_REG0[0..15],"
                    + head + "NXM_OF_IP_SRC[],NXM_OF_IP_DST[],NXM_OF_TCP_SRC[],NXM_OF_TCP_DST[],output:NXM_NX_REG0[0..15]),"
                    + head + "NXM_OF_IP_SRC[]=NXM_OF_IP_DST[],NXM_OF_IP_DST[]=NXM_OF_IP_SRC[],"
                    + "NXM_OF_TCP_SRC[]=NXM_OF_TCP_DST[],NXM_OF_TCP_DST[]=NXM_OF_TCP_SRC[],output:NXM_NX_REG0[0..15]),"
                    + "output:2");
        }

        @Test
        void immediateValuesOfEveryWidthDecode() {
            NxLearn learn = NxLearn.builder().tableId(5).priority(7).hardTimeout(600)
                    .flags(NxLearn.SEND_FLOW_REM | NxLearn.DELETE_LEARNED)
                    .matchValue(NxField.ETH_TYPE, 0x0800).matchValue(NxField.IP_PROTO, 6)
                    .matchValue(NxField.IPV4_SRC, 0xc0a80a01L).matchValue(NxField.IPV4_DST, 0xffffffffL)
                    .matchValue(NxField.TCP_SRC, 0xffff).matchValue(NxField.TCP_DST, 443)
                    .matchValue(NxField.REG0, 0x12345678L)
                    .outputFrom(NxField.REG0, 16, 16).build();

            String text = ofpPrint(bytes(sidecarGroup(List.of(NxRegLoad.reg0(0x1234, 16, 16), learn))));

            assertThat(text).contains("bucket=actions=load:0x1234->NXM_NX_REG0[16..31],"
                    + "learn(table=5,hard_timeout=600,priority=7,send_flow_rem,delete_learned,"
                    + "eth_type=0x800,nw_proto=6,ip_src=192.168.10.1,ip_dst=255.255.255.255,tcp_src=65535,tcp_dst=443,"
                    + "reg0=0x12345678,output:NXM_NX_REG0[16..31])");
        }

        @Test
        void wholeAndSingleBitRegisterLoadsDecode() {
            String text = ofpPrint(bytes(sidecarGroup(List.of(
                    NxRegLoad.reg0(0xfffffffeL, 0, 32), NxRegLoad.reg0(1, 31, 1)))));

            assertThat(text).contains("bucket=actions=load:0xfffffffe->NXM_NX_REG0[],load:0x1->NXM_NX_REG0[31]");
        }

        @Test
        void learnsAlsoDecodeInAFlowsApplyActions() {
            // OVS ignores learn inside group buckets (they run as action sets), so steering may run them
            // from a flow the bucket resubmits to: the same objects go into an apply-actions instruction.
            OFMessage flow = OF13.buildFlowAdd().setXid(8).setTableId(TableId.of(3)).setPriority(1)
                    .setMatch(OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                            .setExact(MatchField.IP_PROTO, IpProtocol.UDP).build())
                    .setInstructions(List.of(OF13.instructions().applyActions(List.of(
                            forward(17, NxField.UDP_SRC, NxField.UDP_DST),
                            reverse(17, NxField.UDP_SRC, NxField.UDP_DST)))))
                    .build();

            assertThat(ofpPrint(bytes(flow))).contains("udp actions=" + FWD_UDP + "," + REV_UDP);
        }

        @Test
        void bundleLoadAndRegisterOutputDecode() {
            // The shape steering uses: pick a sidecar port into reg0, learn the pin, output to reg0.
            OFMessage flow = OF13.buildFlowAdd().setXid(9).setTableId(TableId.of(3)).setPriority(1)
                    .setMatch(OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                            .setExact(MatchField.IP_PROTO, IpProtocol.UDP).build())
                    .setInstructions(List.of(OF13.instructions().applyActions(List.of(
                            forward(17, NxField.UDP_SRC, NxField.UDP_DST), NxOutputReg.reg0Port()))))
                    .build();
            assertThat(ofpPrint(bytes(flow))).contains("udp actions=" + FWD_UDP + ",output:NXM_NX_REG0[0..15]");

            OFMessage chooser = OF13.buildFlowAdd().setXid(10).setTableId(TableId.of(3)).setPriority(1)
                    .setMatch(OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                            .setExact(MatchField.IP_PROTO, IpProtocol.UDP).build())
                    .setInstructions(List.of(OF13.instructions().applyActions(List.of(
                            NxBundleLoad.toReg0(List.of(3, 4, 4)), NxOutputReg.reg0Port()))))
                    .build();
            assertThat(ofpPrint(bytes(chooser))).contains("udp actions=bundle_load(symmetric_l3l4+udp,0,hrw,ofport,"
                    + "NXM_NX_REG0[0..15],members:3,4,4),output:NXM_NX_REG0[0..15]");
            assertThat(NxBundleLoad.toReg0(List.of(3, 4, 4)).toString())
                    .isEqualTo("bundle_load(symmetric_l3l4+udp,0,hrw,ofport,NXM_NX_REG0[0..15],members:3,4,4)");
            assertThat(NxBundleLoad.toReg0(List.of(1, 2, 3, 4, 5)).toBytes().length % 8).isZero();
            assertThat(NxOutputReg.reg0Port().toBytes()).hasSize(24);
        }
    }

    @Nested
    class Bytes {
        @Test
        void regLoadIsTheNiciraLayout() {
            assertThat(hex(NxRegLoad.reg0(2, 0, 16).toBytes())).isEqualTo(
                    "ffff" + "0018" + "00002320" + "0007" + "000f" + "00010004" + "0000000000000002");
            // ofs_nbits = ofs << 6 | (nbits - 1)
            assertThat(hex(NxRegLoad.reg0(5, 16, 8).toBytes()).substring(20, 24)).isEqualTo("0407");
        }

        @Test
        void learnHeaderCarriesEveryParameter() {
            NxLearn learn = NxLearn.builder().tableId(2).priority(1000).idleTimeout(30).hardTimeout(300)
                    .cookie(COOKIE).flags(NxLearn.DELETE_LEARNED).build();

            assertThat(hex(learn.toBytes())).isEqualTo("ffff" + "0020" + "00002320" + "0010"
                    + "001e" + "012c" + "03e8" + "5e00000000000007" + "0002" + "02" + "00" + "0000" + "0000");
        }

        @Test
        void specsAreEncodedAsOvsReadsThem() {
            // header: src immediate (bit 13) | dst match (0) | n_bits; value in 2 * ceil(n_bits / 16) bytes
            assertThat(spec(new NxLearnSpec.MatchValue(NxField.IP_PROTO, 17)))
                    .isEqualTo("2008" + "0011" + "00000c01" + "0000");
            assertThat(spec(new NxLearnSpec.MatchValue(NxField.ETH_TYPE, 0x800)))
                    .isEqualTo("2010" + "0800" + "00000602" + "0000");
            assertThat(spec(new NxLearnSpec.MatchValue(NxField.IPV4_DST, 0x0a000001L)))
                    .isEqualTo("2020" + "0a000001" + "00001004" + "0000");
            // src field: field header and offset, then the destination's
            assertThat(spec(new NxLearnSpec.MatchFrom(NxField.UDP_SRC, NxField.UDP_DST)))
                    .isEqualTo("0010" + "00001802" + "0000" + "00001602" + "0000");
            // dst output (2 << 11): no destination field
            assertThat(spec(new NxLearnSpec.OutputFrom(NxField.REG0, 0, 16))).isEqualTo("1010" + "00010004" + "0000");
        }

        private String spec(NxLearnSpec s) {
            ByteBuf buf = Unpooled.buffer();
            s.writeTo(buf);
            return ByteBufUtil.hexDump(buf);
        }

        @Test
        void nxmHeadersAreClassFieldHasmaskLength() {
            assertThat(NxField.ETH_TYPE.header()).isEqualTo(0x00000602);
            assertThat(NxField.IP_PROTO.header()).isEqualTo(0x00000c01);
            assertThat(NxField.IPV4_SRC.header()).isEqualTo(0x00000e04);
            assertThat(NxField.IPV4_DST.header()).isEqualTo(0x00001004);
            assertThat(NxField.TCP_SRC.header()).isEqualTo(0x00001202);
            assertThat(NxField.TCP_DST.header()).isEqualTo(0x00001402);
            assertThat(NxField.UDP_SRC.header()).isEqualTo(0x00001602);
            assertThat(NxField.UDP_DST.header()).isEqualTo(0x00001802);
            assertThat(NxField.REG0.header()).isEqualTo(0x00010004);
            assertThat(NxField.REG0.nBits()).isEqualTo(32);
            assertThat(NxField.IP_PROTO.nBits()).isEqualTo(8);
        }

        @Test
        void everyLearnIsPaddedWithZerosToAMultipleOf8() {
            NxLearn.Builder b = NxLearn.builder().matchValue(NxField.ETH_TYPE, 0x800);
            List<NxLearn> learns = new ArrayList<>(List.of(b.build()));
            for (NxLearnSpec s : List.of(new NxLearnSpec.MatchValue(NxField.IP_PROTO, 17),
                    new NxLearnSpec.MatchFrom(NxField.IPV4_SRC, NxField.IPV4_DST),
                    new NxLearnSpec.OutputFrom(NxField.REG0, 0, 16),
                    new NxLearnSpec.MatchFrom(NxField.UDP_DST, NxField.UDP_DST))) {
                b = b.with(s);
                learns.add(b.build());
            }
            for (NxLearn learn : learns) {
                byte[] wire = learn.toBytes();
                int unpadded = NxLearn.HEADER_LENGTH + learn.specs().stream().mapToInt(NxActionsTest::specLength).sum();
                assertThat(wire.length % 8).isZero();
                assertThat(wire.length).isBetween(unpadded, unpadded + 7);
                assertThat((wire[2] & 0xff) << 8 | wire[3] & 0xff).isEqualTo(wire.length);
                for (int i = unpadded; i < wire.length; i++) {
                    assertThat(wire[i]).isZero();
                }
            }
        }

        @Test
        void loxiCountsTheActionsInTheBucketAndMessageLengths() {
            NxLearn fwd = forward(17, NxField.UDP_SRC, NxField.UDP_DST);
            NxLearn rev = reverse(17, NxField.UDP_SRC, NxField.UDP_DST);
            byte[] msg = bytes(sidecarGroup(bucketActions(fwd, rev)));

            int actions = NxRegLoad.LENGTH + fwd.toBytes().length + rev.toBytes().length + 16;
            assertThat((msg[2] & 0xff) << 8 | msg[3] & 0xff).isEqualTo(msg.length);
            assertThat(msg.length).isEqualTo(16 + 16 + actions); // group_mod header + bucket header + actions
            assertThat((msg[16] & 0xff) << 8 | msg[17] & 0xff).isEqualTo(16 + actions); // bucket len
        }
    }

    static int specLength(NxLearnSpec s) {
        ByteBuf buf = Unpooled.buffer();
        s.writeTo(buf);
        return buf.readableBytes();
    }

    @Nested
    class Values {
        @Test
        void equalParametersGiveEqualActions() {
            assertThat(forward(17, NxField.UDP_SRC, NxField.UDP_DST)).isEqualTo(forward(17, NxField.UDP_SRC, NxField.UDP_DST))
                    .hasSameHashCodeAs(forward(17, NxField.UDP_SRC, NxField.UDP_DST))
                    .isNotEqualTo(reverse(17, NxField.UDP_SRC, NxField.UDP_DST))
                    .isNotEqualTo(forward(6, NxField.TCP_SRC, NxField.TCP_DST));
            assertThat(NxRegLoad.reg0(2, 0, 16)).isEqualTo(NxRegLoad.reg0(2, 0, 16))
                    .hasSameHashCodeAs(NxRegLoad.reg0(2, 0, 16))
                    .isNotEqualTo(NxRegLoad.reg0(3, 0, 16)).isNotEqualTo(NxRegLoad.reg0(2, 0, 17));
            assertThat(bucketOf(NxRegLoad.reg0(2, 0, 16))).isEqualTo(bucketOf(NxRegLoad.reg0(2, 0, 16)))
                    .isNotEqualTo(bucketOf(NxRegLoad.reg0(4, 0, 16)));
        }

        private OFBucket bucketOf(OFAction a) {
            return OF13.buildBucket().setWatchPort(OFPort.ANY).setWatchGroup(OFGroup.ANY).setActions(List.of(a)).build();
        }

        @Test
        void theBuilderIsImmutableSoACommonPartCanBeShared() {
            NxLearn.Builder base = common(17);
            NxLearn fwd = base.matchFrom(NxField.UDP_SRC, NxField.UDP_SRC).build();

            assertThat(base.build().specs()).hasSize(2);
            assertThat(fwd.specs()).hasSize(3);
            assertThat(fwd.specs()).isUnmodifiable();
        }

        @Test
        void theyAreNiciraExperimenterActionsForLoxi() {
            NxLearn learn = forward(17, NxField.UDP_SRC, NxField.UDP_DST);
            assertThat(learn.getType()).isEqualTo(OFActionType.EXPERIMENTER);
            assertThat(learn.getExperimenter()).isEqualTo(0x2320L);
            assertThat(learn.getSubtype()).isEqualTo(16);
            assertThat(NxRegLoad.reg0(1, 0, 1).getSubtype()).isEqualTo(7);
            assertThat(learn.getVersion()).isEqualTo(OFVersion.OF_13);
            assertThat(learn.createBuilder().build()).isSameAs(learn);
            NxLearn same = forward(17, NxField.UDP_SRC, NxField.UDP_DST);
            assertThat(Hashing.sha256().hashObject(learn, (a, sink) -> a.putTo(sink)))
                    .isEqualTo(Hashing.sha256().hashObject(same, (a, sink) -> a.putTo(sink)));
        }

        @Test
        void toStringIsTheOvsSyntax() {
            assertThat(NxRegLoad.reg0(2, 0, 16)).hasToString("load:0x2->NXM_NX_REG0[0..15]");
            assertThat(reverse(17, NxField.UDP_SRC, NxField.UDP_DST)).hasToString(
                    "learn(table=2,idle_timeout=30,priority=1000,cookie=0x5e00000000000007,"
                            + "NXM_OF_ETH_TYPE[]=0x800,NXM_OF_IP_PROTO[]=0x11,NXM_OF_IP_SRC[]=NXM_OF_IP_DST[],"
                            + "NXM_OF_IP_DST[]=NXM_OF_IP_SRC[],NXM_OF_UDP_SRC[]=NXM_OF_UDP_DST[],"
                            + "NXM_OF_UDP_DST[]=NXM_OF_UDP_SRC[],output:NXM_NX_REG0[0..15])");
        }
    }

    @Nested
    class Rejected {
        @Test
        void valuesThatDoNotFit() {
            assertThatThrownBy(() -> NxRegLoad.reg0(0x10000, 0, 16)).hasMessageContaining("does not fit in 16 bits");
            assertThatThrownBy(() -> NxRegLoad.reg0(-1, 0, 32)).hasMessageContaining("does not fit");
            assertThatThrownBy(() -> NxLearn.builder().matchValue(NxField.IP_PROTO, 256)).hasMessageContaining("NXM_OF_IP_PROTO");
        }

        @Test
        void bitsOutsideTheField() {
            assertThatThrownBy(() -> NxRegLoad.reg0(1, 24, 16)).hasMessageContaining("NXM_NX_REG0 has 32 bits");
            assertThatThrownBy(() -> NxRegLoad.reg0(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> NxLearn.builder().outputFrom(NxField.REG0, -1, 16))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void fieldsOfDifferentWidths() {
            assertThatThrownBy(() -> NxLearn.builder().matchFrom(NxField.IPV4_SRC, NxField.UDP_SRC))
                    .hasMessageContaining("cannot match");
        }

        @Test
        void matchesBeforeTheirPrerequisites() {
            // OVS refuses these with OFPBAC_MATCH_INCONSISTENT ("lacks correct prerequisites")
            assertThatThrownBy(() -> NxLearn.builder().matchFrom(NxField.IPV4_SRC, NxField.IPV4_SRC))
                    .hasMessageContaining("needs NXM_OF_ETH_TYPE[]=0x800");
            assertThatThrownBy(() -> NxLearn.builder().matchValue(NxField.ETH_TYPE, 0x800)
                    .matchFrom(NxField.UDP_SRC, NxField.UDP_SRC))
                    .hasMessageContaining("needs NXM_OF_IP_PROTO[]=0x11");
            assertThatThrownBy(() -> common(6).matchFrom(NxField.UDP_SRC, NxField.UDP_SRC))
                    .hasMessageContaining("needs NXM_OF_IP_PROTO[]=0x11");
            assertThatThrownBy(() -> NxLearn.builder().matchFrom(NxField.ETH_TYPE, NxField.ETH_TYPE)
                    .matchValue(NxField.IP_PROTO, 6))
                    .hasMessageContaining("needs NXM_OF_ETH_TYPE[]=0x800");
        }

        @Test
        void outOfRangeHeaderParameters() {
            assertThatThrownBy(() -> NxLearn.builder().tableId(255)).hasMessageContaining("table id");
            assertThatThrownBy(() -> NxLearn.builder().priority(0x10000)).hasMessageContaining("priority");
            assertThatThrownBy(() -> NxLearn.builder().idleTimeout(-1)).hasMessageContaining("idle timeout");
            assertThatThrownBy(() -> NxLearn.builder().flags(4)).hasMessageContaining("flags");
            assertThatThrownBy(() -> NxLearn.builder().cookie(null)).hasMessageContaining("cookie");
        }
    }

    /**
     * Runs {@code ovs-ofctl ofp-print HEX} (a debugging command of ovs-ofctl: decodes one OpenFlow message
     * given as hex) and returns what it printed. Fails the test when ovs-ofctl is missing: these checks are
     * the proof that OVS reads our encoding, so they must not be skipped (CI installs Open vSwitch first).
     */
    static String ofpPrint(byte[] message) {
        String ovsOfctl = findOnPath("ovs-ofctl");
        if (ovsOfctl == null) {
            fail("ovs-ofctl is not installed (Debian package openvswitch-common): these tests check the Nicira "
                    + "actions with Open vSwitch's own parser; './netserv test' installs it");
        }
        try {
            Process p = new ProcessBuilder(ovsOfctl, "ofp-print", hex(message)).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("ovs-ofctl ofp-print did not finish in 20 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("ovs-ofctl ofp-print exit status; it printed:%n%s", out).isZero();
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + ovsOfctl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/sbin:/usr/local/bin";
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (!dir.isEmpty() && f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
