package org.netserv.testmodules.chaos;

import java.util.ArrayList;
import java.util.List;
import org.netserv.module.api.Emitter;
import org.netserv.module.api.ModuleContext;
import org.netserv.module.api.Packet;
import org.netserv.module.api.PacketModule;
import org.netserv.module.api.Verdict;

/**
 * A module that misbehaves on purpose, to prove a container contains it. Property {@code mode}:
 * {@code throw} (every packet), {@code allocate} (keeps 1 MiB per packet until the heap is gone),
 * {@code spin} (never returns from the first packet), {@code fail-start} (start throws), or
 * {@code forward} (behaves, the default).
 */
public final class Chaos implements PacketModule {
    private final List<byte[]> hoard = new ArrayList<>();
    private String mode = "forward";

    @Override
    public void start(ModuleContext ctx) {
        mode = ctx.properties().getOrDefault("mode", "forward");
        if (mode.equals("fail-start")) {
            throw new IllegalStateException("chaos: failing at start, as asked");
        }
        ctx.log().warn("chaos module running in mode " + mode);
    }

    @Override
    @SuppressWarnings("InfiniteLoopStatement")
    public Verdict process(Packet packet, Emitter out) {
        switch (mode) {
            case "throw" -> throw new IllegalStateException("chaos: throwing on every packet, as asked");
            case "allocate" -> hoard.add(new byte[1 << 20]);
            case "spin" -> {
                long x = 0;
                while (true) {
                    x++;
                    if (x == Long.MIN_VALUE) {
                        break;
                    }
                }
            }
            default -> {
                // behave
            }
        }
        return Verdict.FORWARD;
    }
}
