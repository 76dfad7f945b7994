package io.secai.engine.folder;

import java.nio.file.Path;

/** A second process for the lock tests: takes a data folder, says so on standard output, then waits to be killed. */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        DataFolderLock lock = DataFolderLock.acquire(Path.of(args[0]), "secai web");
        System.out.println(lock.readOnlyReason().map(reason -> "read-only: " + reason).orElse("locked"));
        System.out.flush();
        Thread.sleep(120_000);
    }
}
