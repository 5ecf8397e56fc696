package org.netserv.module.api;

/** The module's log; lines are tagged with the user and module name. Avoid logging per frame. */
public interface ModuleLog {
    void info(String message);

    void warn(String message);

    void error(String message, Throwable cause);
}
