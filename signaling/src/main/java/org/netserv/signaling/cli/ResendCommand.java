package org.netserv.signaling.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.NslpException;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code resend --request FILE ...}: sends an already signed request again, unchanged, in a new signaling
 * session. Operators use it to check that nodes refuse replays; the request is not signed again, so no key
 * is needed.
 */
@Command(name = "resend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends a signed request saved with --save-request again, unchanged, in a new session.",
            "NetServ nodes refuse it as a replay while its nonce is remembered, and as too old after that."},
        footer = {"", "Example:",
            "  netserv-signal setup ... --save-request setup.txt",
            "  netserv-signal resend --toward 10.0.0.2 --user acme --request setup.txt"})
final class ResendCommand extends RequestCommand {
    @Option(names = "--request", required = true, paramLabel = "FILE", description = "the signed request to send")
    Path file;

    ResendCommand() {
        super(false);
    }

    @Override
    Request prepare() {
        try {
            return NslpCodec.decodeRequest(Files.readString(file).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw usage("--request: cannot read " + file + ": " + e.getMessage());
        } catch (NslpException e) {
            throw usage("--request: " + file + " is not a NetServ request: " + e.getMessage());
        }
    }

    @Override
    RequestBuilder request() {
        throw new UnsupportedOperationException("resend sends a saved request");
    }
}
