package io.secai.terminal.logging;

import java.net.URL;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.NopStatusListener;
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
    /** Logback's own: the status listener it installs before it reads its configuration. */
    private static final String STATUS_LISTENER_PROPERTY = "logback.statusListenerClass";
    /** The folder and level logback.xml was read with, kept in logback's context. */
    private static final String CONTEXT_DIR = "SECAI_LOG_DIR";
    private static final String CONTEXT_LEVEL = "SECAI_LOG_LEVEL";
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
        String dir = dataDirectory.toString();
        String level = debug ? "DEBUG" : "INFO";
        // Logback's automatic start reads logback.xml with these properties, so the first start already writes to
        // the right file and is not read a second time (a tenth of a second of every start). Its own complaints (a
        // folder that cannot be written) never reach the console: the listener below is in place before it starts.
        if (System.getProperty(STATUS_LISTENER_PROPERTY) == null) {
            System.setProperty(STATUS_LISTENER_PROPERTY, NopStatusListener.class.getName());
        }
        System.setProperty(DIR_PROPERTY, dir);
        System.setProperty(LEVEL_PROPERTY, level);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context && !current(context, dir, level)) {
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

    /** Whether logback's configuration already uses this folder and level (logback.xml keeps both in the context). */
    private static boolean current(LoggerContext context, String dir, String level) {
        return dir.equals(context.getProperty(CONTEXT_DIR)) && level.equals(context.getProperty(CONTEXT_LEVEL));
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
