package org.netllm.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses an option whose value is one of a fixed set (an enum) from its command-line spelling: the constant's name
 * in lower case with dashes ({@code RANDOM_INIT} is {@code random-init}), matched regardless of case and surrounding
 * spaces, as the commands always did. A value outside the set fails while the command line is parsed, with picocli's
 * one message ({@code Invalid value for option '--loss': 'l3' is not one of mse, l1}) and the command's exit code for
 * bad input, before anything slow starts.
 *
 * <p>picocli makes a converter from its class, so each enum gets a one-line subclass beside its option:
 * {@code static final class LossChoice extends FixedChoice<VpLoss> { LossChoice() { super(VpLoss.class); } }}.
 * The same class, named as the option's {@code completionCandidates}, gives {@code ${COMPLETION-CANDIDATES}} in the
 * help the spellings (an enum's own {@code toString} is its upper-case name).
 *
 * @param <E> the enum of the choices
 */
public abstract class FixedChoice<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {

    private final Class<E> type;

    protected FixedChoice(Class<E> type) {
        this.type = type;
    }

    /** The command-line spelling of a choice: {@code RANDOM_INIT} is {@code random-init}. */
    public static String spelling(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every spelling of the enum's choices, in declaration order. */
    public static List<String> spellings(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(FixedChoice::spelling).toList();
    }

    /** The spellings, for picocli's {@code completionCandidates}. */
    @Override
    public Iterator<String> iterator() {
        return spellings(type).iterator();
    }

    @Override
    public E convert(String value) {
        String wanted = value.strip();
        for (E choice : type.getEnumConstants()) {
            if (spelling(choice).equalsIgnoreCase(wanted)) {
                return choice;
            }
        }
        throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", spellings(type)));
    }
}
