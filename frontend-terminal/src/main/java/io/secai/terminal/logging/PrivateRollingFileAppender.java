package io.secai.terminal.logging;

import java.io.IOException;
import java.nio.file.Path;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import io.secai.engine.files.PrivateFiles;

/**
 * {@code secai.log} readable by its owner only: logback creates files with the process's umask (usually
 * {@code 0644}), at start and after each roll-over. The file is created {@code 0600} before logback opens it.
 */
public final class PrivateRollingFileAppender extends RollingFileAppender<ILoggingEvent> {

    @Override
    public void openFile(String fileName) throws IOException {
        PrivateFiles.touch(Path.of(fileName));
        super.openFile(fileName);
    }
}
