package org.netserv.signaling.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netserv.signaling.gist.GistCodec;
import org.netserv.signaling.gist.GistMessage;
import org.netserv.signaling.gist.Mri;
import org.netserv.signaling.gist.RouteHop;
import org.netserv.signaling.gist.RouteRecord;
import org.netserv.signaling.gist.SessionId;
import org.netserv.signaling.model.PacketFilter;
import org.netserv.signaling.nslp.NslpCodec;
import org.netserv.signaling.nslp.Request;
import org.netserv.signaling.nslp.RequestBuilder;
import org.netserv.signaling.nslp.RequestType;
import org.netserv.signaling.security.KeyFiles;
import org.netserv.signaling.security.Signer;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * What every request command does: build the request, sign it (and wrap it in a signed TRIGGER if asked),
 * put it in a GIST datagram, send it toward the end user with retransmissions, print the answer as JSON.
 */
abstract class RequestCommand implements Callable<Integer> {
    /** The route record's name for the requester. */
    static final String ORIGIN_ID = "netserv-signal";

    @Mixin
    SendOptions send;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final boolean trigger;

    RequestCommand(boolean trigger) {
        this.trigger = trigger;
    }

    /** The unsigned request, without user, timestamp and nonce. */
    abstract RequestBuilder request();

    @Override
    public Integer call() throws IOException {
        Inet4Address toward = ipv4(send.toward, "--toward");
        checkNumbers();
        Request request = prepare();
        if (send.saveRequest != null) {
            Files.writeString(send.saveRequest, NslpCodec.text(request));
        }
        if (send.dryRun) {
            spec.commandLine().getOut().print(NslpCodec.text(request));
            return SignalCli.EXIT_OK;
        }
        try (DatagramSocket socket = new DatagramSocket(send.port)) {
            Inet4Address source = send.source != null ? ipv4(send.source, "--source") : sourceToward(toward);
            SessionId session = SessionId.random();
            Request acting = request.type() == RequestType.TRIGGER ? request.inner() : request;
            Mri mri = Mri.downstream(source, toward);
            Optional<PacketFilter> f = acting.filter();
            if (f.isPresent()) {
                mri = mri.withFlow(f.get().proto().number, f.get().dstPort());
            }
            RouteHop origin = new RouteHop(source, socket.getLocalPort(), ORIGIN_ID);
            GistMessage m = new GistMessage(send.hops, true, true, false, mri, session, RouteRecord.origin(origin),
                    NslpCodec.encode(request));
            Exchange exchange = new Exchange(socket, new InetSocketAddress(toward, send.gistPort), send.verbose
                    ? spec.commandLine().getErr() : null);
            Exchange.Result result = exchange.run(GistCodec.encode(m), session, request.nonce(), send.retry,
                    send.tries, send.timeout);
            spec.commandLine().getOut().println(ResultJson.write(request, session, result));
            if (result.response() == null || result.response().nodes().isEmpty()) {
                return SignalCli.EXIT_NO_ANSWER;
            }
            return result.response().succeeded() ? SignalCli.EXIT_OK : SignalCli.EXIT_REFUSED;
        }
    }

    /** The signed request to send: built from the options and signed with {@code --key}. */
    Request prepare() {
        if (send.key == null) {
            throw usage("--key is required: the user's private key (NAME.key)");
        }
        return signed(new Signer(readKey(send.key)));
    }

    private PrivateKey readKey(Path file) {
        try {
            return KeyFiles.readPrivateKey(file);
        } catch (NoSuchFileException e) {
            throw usage("--key: " + file + ": no such file");
        } catch (IOException e) {
            throw usage("--key: cannot read " + file + ": " + e);
        }
    }

    private Request signed(Signer signer) {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        try {
            Request r = signer.sign(request().user(send.user).nodeId(send.nodeId).stamp(now, random).build());
            if (!trigger) {
                return r;
            }
            return signer.sign(Request.builder(RequestType.TRIGGER, r.module()).user(send.user).stamp(now, random)
                    .inner(r).build());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void checkNumbers() {
        if (send.port < 0 || send.port > 65535 || send.gistPort < 1 || send.gistPort > 65535) {
            throw usage("ports are 1-65535 (--port 0: any free port)");
        }
        if (send.tries < 1 || send.hops < 1 || send.hops > 255) {
            throw usage("--tries must be at least 1 and --hops 1-255");
        }
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private Inet4Address ipv4(String text, String option) {
        try {
            if (InetAddress.getByName(text) instanceof Inet4Address a) {
                return a;
            }
        } catch (UnknownHostException e) {
            throw usage(option + ": unknown host '" + text + "'");
        }
        throw usage(option + ": '" + text + "' is not an IPv4 address");
    }

    /** The local address the route toward {@code target} leaves from (nothing is sent). */
    private Inet4Address sourceToward(Inet4Address target) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(target, send.gistPort);
            if (probe.getLocalAddress() instanceof Inet4Address a && !a.isAnyLocalAddress()) {
                return a;
            }
        }
        throw usage("cannot tell this host's address toward " + target.getHostAddress() + "; pass --source");
    }

    /** The module id a bundle URL suggests: its file name without {@code .jar}, e.g. {@code netmonitor}. */
    static String moduleFromUrl(String url) {
        String path = url.replaceAll("[?#].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("(?i)\\.jar$", "");
        name = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }
}
