package org.netserv.ofc.steering;

/** Where a deployed module stands, as the OFC sees it. */
public enum SteeringState {
    /** Being installed on its sidecars; not steered yet. */
    INSTALLING,
    /** Installed, and matching traffic is steered to at least one of its sidecars. */
    ACTIVE,
    /** None of its sidecars can take traffic: the failure policy is in force (forward untouched, or drop). */
    NO_SIDECAR,
    /** Being removed (DELETE, ttl expiry). */
    REMOVING
}
