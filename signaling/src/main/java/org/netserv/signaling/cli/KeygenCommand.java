package org.netserv.signaling.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.netserv.signaling.security.KeyFiles;
import org.netserv.signaling.security.UserKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen --user NAME --out DIR}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Makes an Ed25519 key pair for a user.",
            "Writes DIR/NAME.key (the private key, PKCS#8 PEM, mode 600: keep it) and DIR/NAME.pub (one line, "
                + "also printed: paste it into the OFC config or POST /api/v1/users as publicKey)."},
        footer = {"", "Example:", "  netserv-signal keygen --user acme --out keys"})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, description = "the user (content provider) name")
    String user;

    @Option(names = "--out", required = true, description = "the folder to write the two files to")
    Path out;

    @Option(names = "--force", description = "replace existing files")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KeyFiles.Written w;
        try {
            w = KeyFiles.write(out, user, KeyFiles.generate(), force);
        } catch (FileAlreadyExistsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        spec.commandLine().getOut().println(UserKey.read(w.pub()).toLine());
        spec.commandLine().getErr().println("wrote " + w.key() + " (private: keep it) and " + w.pub()
                + " (public: the line above)");
        return SignalCli.EXIT_OK;
    }
}
