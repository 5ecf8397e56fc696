package org.netserv.ofc.flow;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.types.OFGroup;

/**
 * A group as the controller wants it on a switch (e.g. the select group that spreads a module's flows over
 * its sidecars). Groups are part of the controller's view like flow entries: re-added when a switch
 * reconnects, before the entries that use them.
 */
public record GroupEntry(OFGroup id, OFGroupType type, List<OFBucket> buckets) {

    public GroupEntry {
        buckets = List.copyOf(buckets);
        if (Integer.compareUnsigned(id.getGroupNumber(), OFGroup.MAX.getGroupNumber()) > 0) {
            throw new IllegalArgumentException("group id must be 0-" + Integer.toUnsignedString(OFGroup.MAX.getGroupNumber())
                    + ", got " + Integer.toUnsignedString(id.getGroupNumber()));
        }
    }

    public OFGroupMod toAdd(OFFactory f) {
        return f.buildGroupAdd().setGroup(id).setGroupType(type).setBuckets(buckets).build();
    }

    public OFGroupMod toModify(OFFactory f) {
        return f.buildGroupModify().setGroup(id).setGroupType(type).setBuckets(buckets).build();
    }

    public static OFGroupMod delete(OFFactory f, OFGroup id) {
        return f.buildGroupDelete().setGroup(id).setGroupType(OFGroupType.ALL).build();
    }
}
