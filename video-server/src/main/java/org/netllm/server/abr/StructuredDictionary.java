package org.netllm.server.abr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parser of RFC 8941 (Structured Field Values) dictionaries, the syntax of CMCD's query argument and headers: each
 * member's bare item as a {@link Long} (integer), {@link Double} (decimal), {@link Text} (string), {@link Token},
 * {@link Boolean} (a bare key is {@code true}), {@link Bytes} or {@link InnerList}. Parameters are parsed and
 * dropped (CMCD has none). A key given twice keeps its last value, as RFC 8941 says. Anything else is
 * {@link Malformed}, with the offset of the first character that does not fit.
 */
final class StructuredDictionary {

    /** A quoted string item. */
    record Text(String value) {
    }

    /** A token item (unquoted, e.g. {@code ot=v}). */
    record Token(String value) {
    }

    /** A byte sequence item ({@code :base64:}), kept as its text. */
    record Bytes(String base64) {
    }

    /** An inner list ({@code (a b c)}), kept unread: CMCD has none. */
    record InnerList(String text) {
    }

    /** The input is not a dictionary. */
    static final class Malformed extends Exception {
        Malformed(String message, int at) {
            super(message + " at character " + at);
        }
    }

    private final String in;
    private int pos;

    private StructuredDictionary(String in) {
        this.in = in;
    }

    static Map<String, Object> parse(String field) throws Malformed {
        return new StructuredDictionary(field).dictionary();
    }

    private Map<String, Object> dictionary() throws Malformed {
        Map<String, Object> members = new LinkedHashMap<>();
        skip(' ');
        if (pos == in.length()) {
            return members;
        }
        while (true) {
            String key = key();
            Object value;
            if (peek() == '=') {
                pos++;
                value = peek() == '(' ? innerList() : bareItem();
            } else {
                value = Boolean.TRUE;
            }
            parameters();
            members.remove(key);
            members.put(key, value);
            skipOws();
            if (pos == in.length()) {
                return members;
            }
            if (in.charAt(pos) != ',') {
                throw new Malformed("expected ',' between members", pos);
            }
            pos++;
            skipOws();
            if (pos == in.length()) {
                throw new Malformed("a trailing ','", pos);
            }
        }
    }

    private String key() throws Malformed {
        int start = pos;
        char c = peek();
        if (!(c >= 'a' && c <= 'z') && c != '*') {
            throw new Malformed("a key must start with a lower-case letter or '*'", pos);
        }
        pos++;
        while (pos < in.length()) {
            c = in.charAt(pos);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '*') {
                pos++;
            } else {
                break;
            }
        }
        return in.substring(start, pos);
    }

    private void parameters() throws Malformed {
        while (peek() == ';') {
            pos++;
            skip(' ');
            key();
            if (peek() == '=') {
                pos++;
                bareItem();
            }
        }
    }

    private Object innerList() throws Malformed {
        int start = pos;
        pos++;
        while (true) {
            skip(' ');
            if (peek() == ')') {
                pos++;
                parameters();
                return new InnerList(in.substring(start, pos));
            }
            bareItem();
            parameters();
            char c = peek();
            if (c != ' ' && c != ')') {
                throw new Malformed("expected ' ' or ')' in an inner list", pos);
            }
        }
    }

    private Object bareItem() throws Malformed {
        char c = peek();
        if (c == '-' || c >= '0' && c <= '9') {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == '?') {
            pos++;
            char b = peek();
            if (b != '0' && b != '1') {
                throw new Malformed("a boolean is ?0 or ?1", pos);
            }
            pos++;
            return b == '1';
        }
        if (c == ':') {
            int start = ++pos;
            while (pos < in.length() && in.charAt(pos) != ':') {
                char d = in.charAt(pos);
                if (!(Character.isLetterOrDigit(d) && d < 128 || d == '+' || d == '/' || d == '=')) {
                    throw new Malformed("a byte sequence holds base64 only", pos);
                }
                pos++;
            }
            if (pos == in.length()) {
                throw new Malformed("an unterminated byte sequence", pos);
            }
            return new Bytes(in.substring(start, pos++));
        }
        if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '*') {
            int start = pos++;
            while (pos < in.length() && tokenChar(in.charAt(pos))) {
                pos++;
            }
            return new Token(in.substring(start, pos));
        }
        throw new Malformed("expected a value", pos);
    }

    private Object number() throws Malformed {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = 0;
        int dot = -1;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && dot < 0) {
                if (digits > 12) {
                    throw new Malformed("a decimal has at most 12 integer digits", pos);
                }
                dot = pos;
            } else {
                break;
            }
            pos++;
        }
        if (digits == 0) {
            throw new Malformed("a number needs a digit", pos);
        }
        String text = in.substring(start, pos);
        if (dot < 0) {
            if (digits > 15) {
                throw new Malformed("an integer has at most 15 digits", start);
            }
            return Long.parseLong(text);
        }
        int fraction = pos - dot - 1;
        if (fraction < 1 || fraction > 3) {
            throw new Malformed("a decimal has 1 to 3 fractional digits", dot);
        }
        return Double.parseDouble(text);
    }

    private Text string() throws Malformed {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == '\\') {
                if (pos == in.length() || in.charAt(pos) != '"' && in.charAt(pos) != '\\') {
                    throw new Malformed("only \\\" and \\\\ are escapes in a string", pos);
                }
                out.append(in.charAt(pos++));
            } else if (c == '"') {
                return new Text(out.toString());
            } else if (c < 0x20 || c > 0x7e) {
                throw new Malformed("a string holds printable ASCII only", pos - 1);
            } else {
                out.append(c);
            }
        }
        throw new Malformed("an unterminated string", pos);
    }

    private static boolean tokenChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private void skip(char c) {
        while (pos < in.length() && in.charAt(pos) == c) {
            pos++;
        }
    }

    private void skipOws() {
        while (pos < in.length() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t')) {
            pos++;
        }
    }
}
