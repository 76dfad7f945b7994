package io.secai.engine.http;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP transport of the engine's Azure SDK clients: the JDK's own client, named here rather than found by
 * ServiceLoader, because Netty is not on SecAI's class path.
 *
 * <p>Each transport gets a pool of its own for the JDK client's work. Left to its default, azure-core's JDK
 * transport delivers response bodies on its shared {@code azure-sdk-global} pool, the same bounded pool on which it
 * runs the blocking reads that wait for those bodies; with more concurrent calls than that pool has threads, every
 * thread waits for data that only another thread of the pool could deliver, and all prompts hang.
 */
public final class AzureTransport {

    private AzureTransport() {
    }

    /**
     * @param name names the pool's threads ({@code secai-<name>-http-N})
     * @param builder a builder with timeouts already set
     * @return the transport
     */
    public static HttpClient build(String name, JdkHttpClientBuilder builder) {
        AtomicInteger number = new AtomicInteger();
        // Idle threads of a cached pool end by themselves, so the pool needs no owner to shut it down.
        ExecutorService pool = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "secai-" + name + "-http-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return builder.executor(pool).build();
    }

    /**
     * @param name names the pool's threads
     * @return a transport with azure-core's default timeouts
     */
    public static HttpClient build(String name) {
        return build(name, new JdkHttpClientBuilder());
    }
}
