package org.netllm.actors.cluster;

import java.util.ArrayList;
import java.util.List;
import org.netllm.errors.InvalidInputException;

/** Where a node's cluster transport (Artery) listens: {@code HOST:PORT}. */
public record ClusterAddress(String host, int port) {

    public ClusterAddress {
        if (host == null || host.isBlank() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("cluster address " + host + ":" + port + " needs a host and a port "
                    + "in 1..65535");
        }
    }

    /** The address as Pekko names a node of system {@code systemName}. */
    public String pekkoAddress(String systemName) {
        return "pekko://" + systemName + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    /** {@code HOST:PORT,HOST:PORT,…}; a malformed entry is an InvalidInputException naming {@code option}. */
    public static List<ClusterAddress> parseList(String list, String option) {
        List<ClusterAddress> addresses = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            addresses.add(parse(part.strip(), option));
        }
        return addresses;
    }

    /** One {@code HOST:PORT}. */
    public static ClusterAddress parse(String text, String option) {
        int colon = text.lastIndexOf(':');
        String hint = "; give HOST:PORT with a port in 1..65535, e.g. 127.0.0.1:25520";
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidInputException(option + ": '" + text + "' is not HOST:PORT" + hint);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + ": '" + text + "' has no numeric port" + hint);
        }
        if (port < 1 || port > 65_535 || host.isBlank() || host.contains(":") && !text.startsWith("[")) {
            throw new InvalidInputException(option + ": '" + text + "' is not HOST:PORT" + hint);
        }
        return new ClusterAddress(host, port);
    }
}
