package org.netserv.examples.keepalive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.netserv.module.api.Counter;
import org.netserv.module.api.Emitter;
import org.netserv.module.api.Frames;
import org.netserv.module.api.ModuleContext;
import org.netserv.module.api.Packet;
import org.netserv.module.api.PacketModule;
import org.netserv.module.api.Verdict;

/**
 * SIP NAT keep-alive responder (thesis 7.2): answers a SIP keep-alive request on behalf of the SIP server
 * with {@code 200 OK}, addresses and ports swapped, and drops the request, so keep-alive traffic never
 * reaches the provider's network. Keep-alives are {@code NOTIFY} requests with {@code Event: keep-alive}
 * (what the thesis used) and {@code OPTIONS} requests (the other common form). Every other SIP message, and
 * anything that does not parse, passes untouched.
 *
 * <p>Property {@code methods} (default {@code NOTIFY,OPTIONS}) chooses which keep-alives are answered.
 */
public final class KeepAliveResponder implements PacketModule {
    private static final byte[] NOTIFY = "NOTIFY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPTIONS = "OPTIONS ".getBytes(StandardCharsets.US_ASCII);

    private Set<String> methods = Set.of("NOTIFY", "OPTIONS");
    private Counter answered;
    private Counter passed;
    private Counter malformed;

    @Override
    public void start(ModuleContext ctx) {
        String m = ctx.properties().getOrDefault("methods", "NOTIFY,OPTIONS");
        Set<String> chosen = new HashSet<>();
        for (String s : m.split(",")) {
            String method = s.trim().toUpperCase(Locale.ROOT);
            if (!method.equals("NOTIFY") && !method.equals("OPTIONS")) {
                throw new IllegalArgumentException("property methods may list NOTIFY and OPTIONS, got '" + m + "'");
            }
            chosen.add(method);
        }
        methods = Set.copyOf(chosen);
        answered = ctx.counter("keepalives-answered");
        passed = ctx.counter("sip-passed");
        malformed = ctx.counter("malformed-passed");
        ctx.log().info("answering " + methods + " keep-alives on behalf of the SIP server");
    }

    @Override
    public Verdict process(Packet p, Emitter out) {
        if (!p.isUdp() || p.payloadLength() <= 0 || !(startsWith(p, NOTIFY) || startsWith(p, OPTIONS))) {
            count(passed);
            return Verdict.FORWARD; // the common case decides without allocating
        }
        byte[] payload = new byte[p.payloadLength()];
        p.frame().get(p.payloadOffset(), payload);
        Optional<SipMessage> sip = SipMessage.parseRequest(new String(payload, StandardCharsets.UTF_8));
        if (sip.isEmpty() || !hasDialogHeaders(sip.get())) {
            count(malformed);
            return Verdict.FORWARD;
        }
        if (!isKeepAlive(sip.get())) {
            count(passed);
            return Verdict.FORWARD;
        }
        out.emit(Frames.udpReply(p, ByteBuffer.wrap(okResponse(sip.get()))));
        count(answered);
        return Verdict.DROP;
    }

    private boolean isKeepAlive(SipMessage m) {
        if (!methods.contains(m.method())) {
            return false;
        }
        return m.method().equals("OPTIONS") || m.eventPackage().filter("keep-alive"::equals).isPresent();
    }

    private static boolean hasDialogHeaders(SipMessage m) {
        return !m.all("Via").isEmpty() && m.header("From").isPresent() && m.header("To").isPresent()
                && m.header("Call-ID").isPresent() && m.header("CSeq").isPresent();
    }

    /** RFC 3261 8.2.6: Via (all, in order), From, To (with a tag), Call-ID and CSeq copied. */
    static byte[] okResponse(SipMessage m) {
        StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : m.all("Via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(m.header("From").orElseThrow()).append("\r\n");
        String to = m.header("To").orElseThrow();
        if (!to.toLowerCase(Locale.ROOT).contains(";tag=")) {
            to = to + ";tag=nsk" + Integer.toHexString(m.header("Call-ID").orElseThrow().hashCode());
        }
        sb.append("To: ").append(to).append("\r\n");
        sb.append("Call-ID: ").append(m.header("Call-ID").orElseThrow()).append("\r\n");
        sb.append("CSeq: ").append(m.header("CSeq").orElseThrow()).append("\r\n");
        sb.append("Server: NetServ KeepAlive\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(Packet p, byte[] prefix) {
        if (p.payloadLength() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (p.frame().get(p.payloadOffset() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static void count(Counter c) {
        if (c != null) {
            c.increment();
        }
    }
}
