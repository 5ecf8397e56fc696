package org.netserv.ofc.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

class VersionNegotiationTest {
    private final VersionNegotiation only13 = new VersionNegotiation(EnumSet.of(OFVersion.OF_13));
    private final VersionNegotiation both = new VersionNegotiation(EnumSet.of(OFVersion.OF_13, OFVersion.OF_14));

    @Test
    void ourHelloAdvertisesEverySupportedVersionInABitmap() {
        OFHello hello = both.ourHello(7);
        assertThat(hello.getVersion()).isEqualTo(OFVersion.OF_14);
        OFHelloElemVersionbitmap bm = (OFHelloElemVersionbitmap) hello.getElements().get(0);
        assertThat(bm.getBitmaps()).containsExactly(U32.of((1 << 4) | (1 << 5)));
    }

    @Test
    void bitmapPicksTheHighestCommonVersion() {
        assertThat(both.negotiate(hello(OFVersion.OF_15, 1 << 4 | 1 << 5 | 1 << 6)).version())
                .contains(OFVersion.OF_14);
        assertThat(only13.negotiate(hello(OFVersion.OF_15, 1 << 4 | 1 << 6)).version()).contains(OFVersion.OF_13);
    }

    @Test
    void bitmapWithoutCommonVersionFailsAndSaysWhatWasOffered() {
        VersionNegotiation.Result r = only13.negotiate(hello(OFVersion.OF_15, 1 << 5 | 1 << 6));
        assertThat(r.version()).isEmpty();
        assertThat(r.peerOffer()).isEqualTo("version bitmap 1.4, 1.5");
    }

    @Test
    void withoutBitmapTheLowerHeaderVersionIsUsedIfSupported() {
        OFFactory f14 = OFFactories.getFactory(OFVersion.OF_14);
        assertThat(only13.negotiate(f14.buildHello().build()).version()).contains(OFVersion.OF_13);
        OFFactory f10 = OFFactories.getFactory(OFVersion.OF_10);
        VersionNegotiation.Result r = only13.negotiate(f10.buildHello().build());
        assertThat(r.version()).isEmpty();
        assertThat(r.peerOffer()).isEqualTo("up to 1.0 (no version bitmap)");
    }

    @Test
    void wireVersionsMapToLoxiVersions() {
        assertThat(VersionNegotiation.fromWire(4)).contains(OFVersion.OF_13);
        assertThat(VersionNegotiation.fromWire(0x47)).isEmpty();
    }

    private static OFHello hello(OFVersion v, int bits) {
        OFFactory f = OFFactories.getFactory(v);
        return f.buildHello().setElements(List.of(
                f.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(bits))).build())).build();
    }
}
