package org.netserv.signaling.cli;

import java.util.List;
import java.util.Locale;
import org.netserv.signaling.model.Ipv4Prefix;
import org.netserv.signaling.nslp.Header;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestBuilder;
import org.netserv.signaling.nslp.RequestType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code setup ...}: install a module on the NetServ nodes toward an end user. */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Installs a module on the NetServ nodes toward an end user.",
            "Every NetServ node on the path toward --toward installs the module (or refreshes its ttl). The "
                + "module processes the packets of the filter until the ttl runs out; send SETUP again to keep it."},
        footer = {"", "Example:",
            "  netserv-signal setup --toward 10.0.0.2 --user acme --key keys/acme.key \\",
            "      --url http://10.0.0.1:8000/netmonitor.jar --ttl 60 \\",
            "      --filter-proto udp --filter-port 5060 --filter-dst 10.0.0.0/24 \\",
            "      --properties top=5"})
final class SetupCommand extends RequestCommand {
    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "where the nodes download the module bundle from")
    String url;

    @Option(names = "--module", paramLabel = "ID",
            description = "the module id (default: the URL's file name without .jar); nodes use it in lower case")
    String module;

    @Option(names = "--ttl", required = true, paramLabel = "SECONDS", description = "how long the module stays")
    long ttl;

    @Option(names = "--filter-proto", paramLabel = "PROTO", description = "udp, tcp or icmp: the packets the module sees")
    String filterProto;

    @Option(names = "--filter-port", paramLabel = "PORT", description = "their destination port")
    Integer filterPort;

    @Option(names = "--filter-dst", paramLabel = "PREFIX", description = "their destination prefix, e.g. 10.0.0.0/24")
    String filterDst;

    @Option(names = "--filter-src", paramLabel = "PREFIX", description = "their source prefix")
    String filterSrc;

    @Option(names = "--symmetric", description = "also the reply direction (both halves of a conversation)")
    boolean symmetric;

    @Option(names = "--properties", paramLabel = "K=V,...", description = "module settings")
    String properties;

    @Option(names = "--dependencies", paramLabel = "ID", split = ",", description = "modules this one needs")
    List<String> dependencies;

    @Option(names = "--notification", paramLabel = "URL", description = "a URL to call when installed (not acted on yet)")
    String notification;

    SetupCommand(boolean trigger) {
        super(trigger);
    }

    @Override
    RequestBuilder request() {
        String id = module != null ? module : moduleFromUrl(url);
        if (id.isEmpty()) {
            throw usage("cannot make a module id from the URL; pass --module");
        }
        RequestBuilder b = Request.builder(RequestType.SETUP, id).url(url).ttl(ttl)
                .header(Header.FILTER_PROTO, filterProto == null ? null : filterProto.toLowerCase(Locale.ROOT))
                .header(Header.FILTER_PORT, filterPort == null ? null : filterPort.toString())
                .header(Header.FILTER_DST, prefix(filterDst, "--filter-dst"))
                .header(Header.FILTER_SRC, prefix(filterSrc, "--filter-src"))
                .header(Header.SYMMETRIC, symmetric ? "true" : null)
                .header(Header.PROPERTIES, properties)
                .notification(notification);
        return dependencies == null ? b : b.dependencies(dependencies);
    }

    private String prefix(String text, String option) {
        try {
            return text == null ? null : Ipv4Prefix.parse(text).toString();
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }
}
