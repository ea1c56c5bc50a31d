package org.netllm.actors.cluster;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.netllm.errors.InvalidInputException;

/** What a cluster node does; a node may do both. */
public enum ClusterRole {
    /** Serves HTTP (the Netty front door) and hosts session entities. */
    FRONT,
    /** Runs a policy worker, found by sessions through the Receptionist. */
    POLICY;

    /** The role's name in configuration and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Roles from {@code front,policy}; anything else is an InvalidInputException naming {@code option}. */
    public static Set<ClusterRole> parse(String list, String option) {
        Set<ClusterRole> roles = EnumSet.noneOf(ClusterRole.class);
        for (String part : list.split(",", -1)) {
            String name = part.strip();
            roles.add(switch (name) {
                case "front" -> FRONT;
                case "policy" -> POLICY;
                default -> throw new InvalidInputException(option + " " + list + ": unknown role '" + name
                        + "'; the roles are front (HTTP and sessions) and policy (a policy worker), e.g. front,policy");
            });
        }
        return roles;
    }
}
