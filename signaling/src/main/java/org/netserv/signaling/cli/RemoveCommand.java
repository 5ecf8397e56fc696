package org.netserv.signaling.cli;

import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestBuilder;
import org.netserv.signaling.nslp.RequestType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code remove ...}: uninstall a module from the NetServ nodes toward an end user. */
@Command(name = "remove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes a module from the NetServ nodes toward an end user.",
            "Every NetServ node on the path toward --toward that runs the module removes it."},
        footer = {"", "Examples:",
            "  netserv-signal remove --toward 10.0.0.2 --user acme --key keys/acme.key \\",
            "      --module netmonitor",
            "  netserv-signal remove --toward 10.0.0.2 --user acme --key keys/acme.key \\",
            "      --url http://10.0.0.1:8000/netmonitor.jar"})
final class RemoveCommand extends RequestCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--module", paramLabel = "ID", description = "the module id")
        String module;

        @Option(names = "--url", paramLabel = "URL", description = "the URL it was set up from (its file name is the module id)")
        String url;
    }

    RemoveCommand() {
        super(false);
    }

    @Override
    RequestBuilder request() {
        String id = which.module != null ? which.module : moduleFromUrl(which.url);
        if (id.isEmpty()) {
            throw usage("cannot make a module id from the URL; pass --module");
        }
        return Request.builder(RequestType.REMOVE, id).url(which.url);
    }
}
