package org.netserv.signaling.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The transport protocol a filter selects (IPv4 only for now). */
public enum Protocol {
    UDP(17), TCP(6), ICMP(1);

    public final int number;

    Protocol(int number) {
        this.number = number;
    }

    public boolean hasPorts() {
        return this != ICMP;
    }

    @JsonCreator
    public static Protocol parse(String name) {
        for (Protocol p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "' (known: "
                + Arrays.stream(values()).map(Protocol::toString).collect(Collectors.joining(", ")) + ")");
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
