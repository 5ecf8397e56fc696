package org.netserv.signaling.nslp;

/** A NetServ NSLP message: a {@link Request} or a {@link Response}. Immutable. */
public sealed interface NslpMessage permits Request, Response {
}
