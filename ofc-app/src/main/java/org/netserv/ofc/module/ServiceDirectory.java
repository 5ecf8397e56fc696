package org.netserv.ofc.module;

/** Gives a module, during {@link OfcModule#startUp}, the services it declared it requires. */
public interface ServiceDirectory {

    /**
     * Returns the implementation of {@code service}.
     *
     * @throws ModuleException if the calling module did not declare {@code service} in
     *     {@link OfcModule#requires()}: undeclared dependencies would break start-up ordering.
     */
    <T> T get(Class<T> service);
}
