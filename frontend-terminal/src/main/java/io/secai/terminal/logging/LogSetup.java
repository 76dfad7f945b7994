package io.secai.terminal.logging;

import java.net.URL;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.joran.spi.JoranException;
import io.secai.api.Redactor;
import io.secai.engine.config.SecretRedactor;

/**
 * Points the log at {@code <data-dir>/secai.log} and sets its level. The console stays for the user: nothing is
 * logged there. {@code logback.xml} reads the folder and level from the system properties set here, so the first
 * logger created after {@link #configure} writes to the right file.
 */
public final class LogSetup {
    /** System property holding the folder of {@code secai.log}. */
    public static final String DIR_PROPERTY = "secai.log.dir";
    /** System property holding the level of SecAI's own loggers. */
    public static final String LEVEL_PROPERTY = "secai.log.level";

    private static final String REDACTOR_KEY = "secai.redactor";
    private static final Redactor NO_SECRETS_YET = new SecretRedactor(java.util.List.of());

    private LogSetup() {
    }

    /**
     * Where the log is written now, for messages that send the user to it.
     *
     * @return {@code <data-dir>/secai.log}
     */
    public static Path logFile() {
        String dir = System.getProperty(DIR_PROPERTY);
        Path folder = dir == null ? Path.of(System.getProperty("user.home"), ".secai") : Path.of(dir);
        return folder.resolve("secai.log").toAbsolutePath();
    }

    /**
     * Sets the log folder and level, reloading logback's configuration when it already started.
     *
     * @param dataDirectory the data folder
     * @param debug whether to log at DEBUG
     */
    public static void configure(Path dataDirectory, boolean debug) {
        // Logback starts here at the latest (--version and --help never get this far): its automatic start, which
        // prints its own complaints, still sees the default folder; a folder that cannot be written is then met by
        // the reload below, which reports nothing on the console.
        LoggerFactory.getILoggerFactory();
        String dir = dataDirectory.toString();
        String level = debug ? "DEBUG" : "INFO";
        boolean changed = !dir.equals(System.getProperty(DIR_PROPERTY)) || !level.equals(System.getProperty(
                LEVEL_PROPERTY));
        System.setProperty(DIR_PROPERTY, dir);
        System.setProperty(LEVEL_PROPERTY, level);
        if (changed && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            URL config = LogSetup.class.getClassLoader().getResource("logback-test.xml");
            if (config == null) {
                config = LogSetup.class.getClassLoader().getResource("logback.xml");
            }
            if (config == null) {
                return;
            }
            Object redactor = context.getObject(REDACTOR_KEY);
            context.reset();
            if (redactor != null) {
                context.putObject(REDACTOR_KEY, redactor);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(config);
            } catch (JoranException e) {
                throw new IllegalStateException("the bundled logback.xml is invalid", e);
            }
        }
    }

    /**
     * Masks these secrets in every log line from now on. The redactor lives in logback's context, which the
     * converters named in {@code logback.xml} read.
     *
     * @param redactor knows the configured secret values
     */
    public static void installRedactor(Redactor redactor) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.putObject(REDACTOR_KEY, redactor);
        }
    }

    static String redact(Context context, String text) {
        Object redactor = context == null ? null : context.getObject(REDACTOR_KEY);
        // Before the engine has read the secrets, bearer tokens and JWTs are still masked.
        return redactor instanceof Redactor secrets ? secrets.redact(text) : NO_SECRETS_YET.redact(text);
    }

    /**
     * Raises or lowers the level of SecAI's loggers while running ({@code debug on|off}).
     *
     * @param debug whether to log at DEBUG
     */
    public static void setDebug(boolean debug) {
        System.setProperty(LEVEL_PROPERTY, debug ? "DEBUG" : "INFO");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("io.secai").setLevel(debug ? Level.DEBUG : Level.INFO);
        }
    }
}
