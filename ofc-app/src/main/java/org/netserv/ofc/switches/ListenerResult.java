package org.netserv.ofc.switches;

/** What a message listener tells the chain: let later listeners see the message, or stop here. */
public enum ListenerResult { CONTINUE, STOP }
