package org.netserv.signaling.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar signaling/target/netserv-signal.jar}: makes keys, and sends signed NetServ requests
 * toward an end user so that the NetServ nodes on the path act on them; prints the response as JSON.
 */
@Command(name = "netserv-signal", mixinStandardHelpOptions = true, versionProvider = SignalCli.Version.class,
        description = {"Sends signed NetServ signaling requests toward an end user.",
            "Every NetServ node on the path intercepts the request (UDP port 270), acts on it and passes it on; the "
                + "last one answers, and the answer lists every node that acted, in path order. The answer is "
                + "printed as JSON on stdout.", ""},
        footer = {"", "Examples:",
            "  netserv-signal keygen --user acme --out keys",
            "  netserv-signal setup --toward 10.0.0.2 --user acme --key keys/acme.key \\",
            "      --url http://10.0.0.1:8000/netmonitor.jar \\",
            "      --filter-proto udp --filter-port 5060 --ttl 60",
            "  netserv-signal probe --toward 10.0.0.2 --user acme --key keys/acme.key \\",
            "      --probe modules",
            "  netserv-signal remove --toward 10.0.0.2 --user acme --key keys/acme.key \\",
            "      --module netmonitor",
            "  netserv-signal trigger setup --toward 10.0.0.2 --user acme \\",
            "      --key keys/acme.key --url http://10.0.0.1:8000/netmonitor.jar --ttl 60",
            "",
            "Exit codes:",
            "  0  at least one node acted and none refused",
            "  1  refused: the JSON says by which node and why",
            "  2  bad arguments or key file",
            "  3  no NetServ node answered (or the answer lists none)",
            "  4  local failure (e.g. the socket)",
            "",
            "See docs/signaling.md."})
public final class SignalCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_NO_ANSWER = 3;
    public static final int EXIT_FAILURE = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command tree, with its exception handling. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SignalCli());
        cl.addSubcommand("keygen", new KeygenCommand());
        cl.addSubcommand("setup", new SetupCommand(false));
        cl.addSubcommand("remove", new RemoveCommand());
        cl.addSubcommand("probe", new ProbeCommand(false));
        cl.addSubcommand("resend", new ResendCommand());
        CommandLine trigger = new CommandLine(new TriggerCommand());
        trigger.addSubcommand("setup", new SetupCommand(true));
        trigger.addSubcommand("probe", new ProbeCommand(true));
        cl.addSubcommand("trigger", trigger);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                || e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getCommandName() + ": " + e.getMessage());
            return line.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: keygen, setup, remove, probe or trigger");
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SignalCli.class.getPackage().getImplementationVersion();
            return new String[] {"netserv-signal " + (v == null ? "(development build)" : v)};
        }
    }

    /** {@code trigger setup ...} and {@code trigger probe ...}. */
    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = {"Sends a SETUP or PROBE wrapped in a TRIGGER.",
                "The last NetServ node on the path sends the inner request back upstream toward this host, so "
                    + "that it acts on the reverse path (thesis 7.5.1)."})
    static final class TriggerCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "name what to trigger: setup or probe");
        }
    }
}
