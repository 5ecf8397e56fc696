package org.netserv.signaling.cli;

import java.util.List;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestBuilder;
import org.netserv.signaling.nslp.RequestType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code probe ...}: ask every NetServ node toward an end user for information. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Asks the NetServ nodes toward an end user for information.",
            "Every NetServ node on the path toward --toward answers; its answer is the 'info' of its entry in "
                + "the JSON 'nodes' list."},
        footer = {"", "Example:",
            "  netserv-signal probe --toward 10.0.0.2 --user acme --key keys/acme.key \\",
            "      --probe modules,capacity"})
final class ProbeCommand extends RequestCommand {
    @Option(names = "--probe", required = true, split = ",", paramLabel = "WHAT",
            description = "what to ask, comma-separated keys, e.g. modules, capacity, node")
    List<String> probe;

    @Option(names = "--module", paramLabel = "ID", defaultValue = "*",
            description = "the module asked about (default: ${DEFAULT-VALUE}, none in particular)")
    String module;

    ProbeCommand(boolean trigger) {
        super(trigger);
    }

    @Override
    RequestBuilder request() {
        return Request.builder(RequestType.PROBE, module).probe(probe);
    }
}
