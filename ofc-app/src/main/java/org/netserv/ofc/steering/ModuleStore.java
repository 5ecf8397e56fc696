package org.netserv.ofc.steering;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.netserv.signaling.model.ModelJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployed modules on disk, so an OFC restart keeps them: their requests, numbers, deadlines and
 * sidecars. Written whole (to a temporary file, then renamed) after every change; read once at start.
 */
final class ModuleStore {
    private static final Logger log = LoggerFactory.getLogger(ModuleStore.class);
    private static final ObjectMapper MAPPER = ModelJson.mapper();

    /** One module as saved. */
    record Saved(DeployRequest request, int number, Instant createdAt, Instant expiresAt, List<String> placement,
                 boolean nodeScoped) {}

    private final Path file;

    ModuleStore(Path file) {
        this.file = file;
    }

    /** The saved modules; none if the file does not exist. A file that cannot be read is an error. */
    List<Saved> load() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return MAPPER.readValue(file.toFile(), new TypeReference<List<Saved>>() {});
        } catch (IOException e) {
            throw new IOException("cannot read the module state file " + file + ": " + e.getMessage()
                    + " (fix or remove it; the modules it lists are not steered until then)", e);
        }
    }

    /** Replaces the file with these modules; a failure is logged (steering goes on, a restart would lose them). */
    void save(List<Saved> modules) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".modules", ".tmp");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), modules);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("cannot write the module state file {}: {}; an OFC restart would forget the modules",
                    file, e.getMessage());
        }
    }
}
