package io.secai.terminal.cli;

import java.util.Arrays;
import java.util.Iterator;

import io.secai.api.SecAiException;
import io.secai.engine.auth.AuthMethod;
import picocli.CommandLine;

/** picocli's view of the engine's {@link AuthMethod}: the names come from the enum, so help and parsing follow it. */
final class AuthMethods {

    private AuthMethods() {
    }

    /** Reads {@code --auth} with the engine's own parser, so any case and {@code -} for {@code _} work. */
    static final class Converter implements CommandLine.ITypeConverter<AuthMethod> {
        @Override
        public AuthMethod convert(String value) {
            try {
                return AuthMethod.parse(value);
            } catch (SecAiException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The names {@code --help} lists and shells complete. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(AuthMethod.values()).map(AuthMethod::configName).iterator();
        }
    }
}
