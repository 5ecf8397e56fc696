package org.netserv.signaling.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every request command shares: where to, as whom, and how patiently. */
final class SendOptions {
    @Option(names = "--toward", required = true, paramLabel = "IP",
            description = "the end user's IPv4 address: the request follows the path toward it")
    String toward;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "the user the request is from")
    String user;

    @Option(names = "--key", paramLabel = "FILE", description = "the user's private key (NAME.key); every command but resend needs it")
    Path key;

    @Option(names = "--save-request", paramLabel = "FILE",
            description = "also write the signed request to FILE (to inspect it, or send it again with resend)")
    Path saveRequest;

    @Option(names = "--node-id", paramLabel = "ID", description = "only the NetServ node with this id acts")
    String nodeId;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "the local UDP port to send from and hear the answer on (default: any free port)")
    int port;

    @Option(names = "--gist-port", paramLabel = "N", defaultValue = "270",
            description = "the UDP port the request is sent to (default: ${DEFAULT-VALUE}, GIST's)")
    int gistPort;

    @Option(names = "--source", paramLabel = "IP",
            description = "this host's address in the request (default: the one the route toward --toward uses)")
    String source;

    @Option(names = "--retry", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
            description = "wait this long for an answer before sending again, doubling each time (default: ${DEFAULT-VALUE})")
    Duration retry;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "5",
            description = "send at most this many times (default: ${DEFAULT-VALUE})")
    int tries;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "give up after this long in all (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--hops", paramLabel = "N", defaultValue = "16",
            description = "GIST hop count: how many NetServ nodes may pass the request on (default: ${DEFAULT-VALUE})")
    int hops;

    @Option(names = "--dry-run", description = "print the signed request and send nothing")
    boolean dryRun;

    @Option(names = {"-v", "--verbose"}, description = "tell on stderr what is sent and received")
    boolean verbose;
}
