package org.netserv.signaling.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.stream.Collectors;

/**
 * Strict JSON for the shared model: unknown fields, wrong types and invalid values are refused, and the
 * {@link IllegalArgumentException} says where ({@code filter.dstPort}) and what, in words fit for a REST
 * answer.
 */
public final class ModelJson {
    private ModelJson() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code json} into {@code type} or throws an IllegalArgumentException naming the problem. */
    public static <T> T read(String json, Class<T> type) {
        return read(MAPPER, json, type);
    }

    /**
     * The same strict reading with another mapper (e.g. YAML for config files); configure it like
     * {@link #mapper()}: unknown properties and coercions refused.
     */
    public static <T> T read(ObjectMapper mapper, String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the body is empty; expected a JSON object");
        }
        try {
            return mapper.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("unknown field '" + path(e) + "' (known here: " + known + ")");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String where = path(e);
            throw new IllegalArgumentException((where.isEmpty() ? "" : where + ": ") + cause.getMessage());
        } catch (InvalidTypeIdException e) {
            throw new IllegalArgumentException(e.getTypeId() == null ? "the message has no 'type'"
                    : "unknown message type '" + e.getTypeId() + "'");
        } catch (InvalidFormatException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException ? cause.getMessage()
                    : "'" + e.getValue() + "' is not a valid " + e.getTargetType().getSimpleName();
            throw new IllegalArgumentException(path(e) + ": " + why);
        } catch (MismatchedInputException e) {
            String where = path(e);
            throw new IllegalArgumentException((where.isEmpty() ? "the body" : where) + ": expected "
                    + article(e.getTargetType()) + ", got something else");
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            String where = path(e);
            throw new IllegalArgumentException((where.isEmpty() ? "" : where + ": ") + why);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String article(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        return "an object";
    }
}
