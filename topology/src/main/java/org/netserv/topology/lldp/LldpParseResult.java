package org.netserv.topology.lldp;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LldpCodec#decode} found: a probe, or the precise reason the frame is not one. Decoding never
 * throws for any content of the frame.
 *
 * <pre>{@code
 * LldpParseResult r = codec.decode(packetInData);
 * if (r instanceof LldpParseResult.Parsed p) {
 *     discovery.onProbe(dpid, inPort, p.probe(), now);
 * } else if (r instanceof LldpParseResult.Refused no) {
 *     log.debug("not our probe: {} ({})", no.error(), no.detail());
 * }
 * }</pre>
 */
public sealed interface LldpParseResult permits LldpParseResult.Parsed, LldpParseResult.Refused {
    /** The probe, when the frame was one. */
    Optional<LldpProbe> probe();

    /** A frame that is a well-formed probe. */
    record Parsed(LldpProbe value) implements LldpParseResult {
        public Parsed {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<LldpProbe> probe() {
            return Optional.of(value);
        }
    }

    /**
     * A frame that is not a probe this codec reads.
     *
     * @param error the reason, for counting
     * @param detail the reason with the numbers that show it, for logs
     */
    record Refused(LldpError error, String detail) implements LldpParseResult {
        public Refused {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public Optional<LldpProbe> probe() {
            return Optional.empty();
        }
    }
}
