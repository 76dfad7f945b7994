package io.secai.engine.folder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Removes what an interrupted write leaves in a folder: the {@code *.tmp} files a session is written to before it
 * is renamed into place. Only the process holding the data folder calls it, so no other process is writing them.
 */
public final class LeftoverFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverFiles.class);

    private LeftoverFiles() {
    }

    /**
     * @param folder the folder to clean; a missing one is clean
     * @return a line for the user when something was removed, else nothing
     */
    public static List<String> clean(Path folder) {
        int removed = 0;
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.tmp")) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                long size = Files.size(file);
                Files.delete(file);
                removed++;
                bytes += size;
            }
        } catch (NoSuchFileException missing) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("Cannot clean temporary files in {}", folder, e);
            return List.of("Temporary files in " + folder + " could not be removed: " + e.getMessage());
        }
        if (removed == 0) {
            return List.of();
        }
        return List.of(String.format(Locale.ROOT, "Removed %d temporary file(s) (%,d bytes) left in %s by a save "
                + "that was interrupted.", removed, bytes, folder));
    }
}
