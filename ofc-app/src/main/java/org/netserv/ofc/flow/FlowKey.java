package org.netserv.ofc.flow;

import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.TableId;

/** What identifies a flow entry in a switch: table, priority and match (OpenFlow's "strict" identity). */
public record FlowKey(TableId table, int priority, Match match) {}
