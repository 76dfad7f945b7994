package io.secai.mcp.server;

import io.modelcontextprotocol.server.McpSyncServer;
import io.secai.engine.Engine;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP conversation over a pair of streams, as {@code secai mcp} holds it: it ends when the client closes the
 * input, but only after what was already asked has been answered (a client may pipe {@code initialize} and
 * {@code tools/list} and close its end at once), within {@code mcp.server.drain-timeout}.
 */
public final class StdioSession {

    private static final long QUIET_MILLIS = 400;

    private final CountDownLatch inputEnded = new CountDownLatch(1);
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicInteger requestsRead = new AtomicInteger();
    private final AtomicInteger answersWritten = new AtomicInteger();
    private final McpSyncServer server;
    private final Duration drainTimeout;

    private StdioSession(Engine engine, InputStream in, OutputStream out) {
        this.drainTimeout = engine.settings().duration("mcp.server.drain-timeout", Duration.ofMinutes(5));
        this.server = SecAiMcpServer.stdio(engine, new Input(in), new Output(out));
    }

    /**
     * Serves until the input ends and the requests read before its end are answered (or the drain timeout passes).
     *
     * @param engine the running engine
     * @param in the client's requests
     * @param out the answers; nothing else may write to it
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static void serve(Engine engine, InputStream in, OutputStream out) throws InterruptedException {
        StdioSession session = new StdioSession(engine, in, out);
        try {
            session.inputEnded.await();
        } finally {
            session.server.closeGracefully();
        }
    }

    /** Waits until every request read has its answer and the streams are quiet, or the drain timeout passes. */
    private void drain() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean quiet = System.nanoTime() - lastActivity.get() > QUIET_MILLIS * 1_000_000;
            if (quiet && answersWritten.get() >= requestsRead.get()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Counts the requests (lines with an id and a method) as they are read. At the end of the input it holds the
     * end back until the answers are out: the SDK's transport stops handling messages once it sees the end.
     */
    private final class Input extends FilterInputStream {
        private boolean inString;
        private final StringBuilder line = new StringBuilder();

        Input(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                drain();
                ended();
            } else {
                see((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                drain();
                ended();
            }
            for (int i = 0; i < n; i++) {
                see(buffer[offset + i]);
            }
            return n;
        }

        private void see(byte b) {
            lastActivity.set(System.nanoTime());
            if (b == '\n') {
                String text = line.toString();
                line.setLength(0);
                if (text.contains("\"method\"") && text.contains("\"id\"")) {
                    requestsRead.incrementAndGet();
                }
            } else if (line.length() < 4096) {
                // Only the start of a line is kept: enough to see "method" and "id", bounded for huge lines.
                line.append((char) (b & 0xff));
            }
        }

        private void ended() {
            inputEnded.countDown();
        }

        @Override
        public void close() throws IOException {
            ended();
            super.close();
        }
    }

    /** Counts the answers (lines with an id and a result or an error) as they are written. */
    private final class Output extends FilterOutputStream {
        private final StringBuilder line = new StringBuilder();

        Output(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            see((byte) b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            for (int i = 0; i < length; i++) {
                see(buffer[offset + i]);
            }
        }

        private void see(byte b) {
            lastActivity.set(System.nanoTime());
            if (b == '\n') {
                String text = line.toString();
                line.setLength(0);
                if (text.contains("\"id\"") && (text.contains("\"result\"") || text.contains("\"error\""))) {
                    answersWritten.incrementAndGet();
                }
            } else if (line.length() < 4096) {
                line.append((char) (b & 0xff));
            }
        }
    }
}
