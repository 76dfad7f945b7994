package io.secai.engine.loading;

import java.lang.reflect.InvocationTargetException;
import java.util.ServiceConfigurationError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what goes wrong while loading a plugin into a sentence for the person who dropped the jar in: which class,
 * and what to change.
 */
final class LoadFailures {

    // ServiceLoader's messages: "io.secai.api.Plugin: com.example.Foo Unable to get public no-arg constructor",
    // "io.secai.api.Plugin: Provider com.example.Foo not found", "... com.example.Foo not a subtype", ...
    private static final Pattern PROVIDER = Pattern.compile("^[\\w.$]+: (?:Provider )?([\\w.$]+) (.*)$");

    private LoadFailures() {
    }

    static String serviceError(ServiceConfigurationError error, Class<?> service) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        Matcher matcher = PROVIDER.matcher(message);
        String provider = matcher.matches() ? matcher.group(1) : "a provider";
        String detail = matcher.matches() ? matcher.group(2) : message;
        Throwable cause = error.getCause();
        if (cause instanceof NoSuchMethodException || detail.contains("no-arg constructor")) {
            return provider + " has no public no-argument constructor, which " + service.getSimpleName()
                    + " providers need";
        }
        if (detail.contains("not found") && !(cause instanceof LinkageError)) {
            return "META-INF/services/" + service.getName() + " names " + provider + ", which is not in the jar";
        }
        if (detail.contains("not a subtype")) {
            return provider + " is listed in META-INF/services/" + service.getName() + " but does not implement "
                    + service.getName();
        }
        if (detail.contains("is not public") || cause instanceof IllegalAccessException) {
            return provider + " must be a public class";
        }
        if (cause instanceof LinkageError linkage) {
            return provider + " " + linkage(linkage);
        }
        if (detail.contains("could not be instantiated") && cause != null) {
            Throwable thrown = cause instanceof InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : cause;
            return provider + " could not be created: " + describe(thrown);
        }
        return message;
    }

    static String linkage(LinkageError error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (error instanceof NoClassDefFoundError) {
            return "needs class " + message.replace('/', '.') + ", which none of the plugin's jars holds";
        }
        if (error instanceof UnsupportedClassVersionError) {
            return "was compiled for a newer Java than this one (" + message + ")";
        }
        return "could not be linked: " + error.getClass().getSimpleName() + ": " + message;
    }

    /** The message a user can act on: SecAI's own exceptions speak for themselves, others name their type. */
    static String describe(Throwable error) {
        if (error instanceof LinkageError linkage) {
            return linkage(linkage);
        }
        String message = error.getMessage();
        if (error instanceof io.secai.api.SecAiException && message != null && !message.isBlank()) {
            return message;
        }
        return message == null || message.isBlank()
                ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + message;
    }
}
