package org.netllm.cli;

import java.util.Collection;

/** A console table's first column, as wide as its longest name (netllm:DIR, track:DIR, NAME@eps=E) or more. */
public final class NameColumn {

    private NameColumn() {
    }

    /** The format of the column: left-aligned, at least {@code minWidth} wide, so the numbers stay in columns. */
    public static String format(int minWidth, Collection<String> names) {
        return "%-" + Math.max(minWidth, names.stream().mapToInt(String::length).max().orElse(0)) + "s";
    }
}
