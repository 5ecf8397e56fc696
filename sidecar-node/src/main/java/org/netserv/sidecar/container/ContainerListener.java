package org.netserv.sidecar.container;

import org.netserv.signaling.model.ModuleStatus;

/** What a container tells its owner. Called on the container's lifecycle thread. */
public interface ContainerListener {
    /** A module became ACTIVE, STOPPED or FAILED, or went away (UNINSTALLED, the reason says why). */
    void moduleChanged(ModuleStatus status);

    /** The libpcap expression selecting every frame some module of this container wants changed. */
    void filterChanged(String pcapExpression);
}
