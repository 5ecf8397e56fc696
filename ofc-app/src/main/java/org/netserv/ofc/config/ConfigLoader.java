package org.netserv.ofc.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the YAML config file: one section per module, each with an optional {@code enabled} flag and the
 * module's settings. Unknown modules, unknown keys, wrong types and out-of-range values are all refused
 * with a message naming the key, before anything starts.
 *
 * <pre>
 * openflow:
 *   port: 6653
 * forwarding:
 *   idleTimeoutSeconds: 30
 * rest:
 *   enabled: true
 *   port: 8080
 * </pre>
 */
public final class ConfigLoader {
    private static final String ENABLED = "enabled";

    private final List<ModuleSpec<?>> catalog;
    private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    public ConfigLoader(List<ModuleSpec<?>> catalog) {
        this.catalog = List.copyOf(catalog);
    }

    public OfcConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw new ConfigException("config file " + file + ": " + e.getMessage(), e);
        }
    }

    public OfcConfig parse(String text) throws ConfigException {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage());
        }
        OfcConfig defaults = OfcConfig.defaults(catalog);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return defaults;
        }
        if (!root.isObject()) {
            throw new ConfigException("expected a map of module sections at the top, got " + root.getNodeType());
        }
        Map<String, Object> settings = new LinkedHashMap<>(defaults.all());
        Map<String, Boolean> enabled = new LinkedHashMap<>(defaults.enabledByName());
        Iterator<Map.Entry<String, JsonNode>> sections = root.fields();
        while (sections.hasNext()) {
            Map.Entry<String, JsonNode> section = sections.next();
            ModuleSpec<?> spec = spec(section.getKey());
            ObjectNode body = sectionBody(section.getKey(), section.getValue());
            JsonNode flag = body.remove(ENABLED);
            if (flag != null) {
                if (!flag.isBoolean()) {
                    throw new ConfigException(section.getKey() + "." + ENABLED + " must be true or false, got " + flag);
                }
                enabled.put(spec.name(), flag.booleanValue());
            }
            settings.put(spec.name(), bind(spec, body));
        }
        return new OfcConfig(settings, enabled);
    }

    private ModuleSpec<?> spec(String name) throws ConfigException {
        for (ModuleSpec<?> s : catalog) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new ConfigException("unknown module '" + name + "' (known: "
                + catalog.stream().map(ModuleSpec::name).collect(Collectors.joining(", ")) + ")");
    }

    private ObjectNode sectionBody(String name, JsonNode node) throws ConfigException {
        if (node == null || node.isNull()) {
            return yaml.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(name + " must be a map of settings, got " + node.getNodeType());
        }
        return ((ObjectNode) node).deepCopy();
    }

    private Object bind(ModuleSpec<?> spec, ObjectNode body) throws ConfigException {
        String where = spec.name();
        try {
            return yaml.treeToValue(body, spec.configType());
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            throw new ConfigException(where + ": unknown key '" + e.getPropertyName() + "' (known: "
                    + String.join(", ", known) + ", " + ENABLED + ")");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(where + "." + cause.getMessage());
        } catch (MismatchedInputException e) {
            throw new ConfigException(where + "." + path(e) + ": expected "
                    + e.getTargetType().getSimpleName().toLowerCase() + ", got something else");
        } catch (JsonProcessingException e) {
            throw new ConfigException(where + ": " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .collect(Collectors.joining("."));
    }
}
