package io.secai.testkit.openai;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the service's automatic prompt caching, so that what a client reads from
 * {@code usage.prompt_tokens_details.cached_tokens} is what the service would report: a request's prompt is cached
 * up to the longest prefix it shares with an earlier request to the same deployment with the same response format,
 * counted in the fake's prompt-token units (message contents plus 3 per message), when that prefix is at least
 * {@value #MINIMUM} tokens, in steps of {@value #STEP} (OpenAI's documented rule; cache expiry is not played).
 *
 * @since 1.1
 */
public final class PromptCache {

    /** The shortest prefix the service caches. */
    public static final int MINIMUM = 1024;
    /** Cached prefixes grow in these steps. */
    public static final int STEP = 128;
    /** Earlier requests remembered per deployment and format. */
    private static final int REMEMBERED = 256;

    private final java.util.function.Supplier<Encoding> encoding;
    private final Map<String, Deque<List<Message>>> earlier = new ConcurrentHashMap<>();

    private record Message(String role, String content, IntArrayList tokens) {
    }

    PromptCache(java.util.function.Supplier<Encoding> encoding) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    /**
     * Counts the cached prefix of a request and remembers the request for later ones.
     *
     * @param call the request
     * @return the cached prompt tokens it gets
     */
    int cachedTokens(ChatCall call) {
        List<Message> messages = call.messages().stream()
                .map(m -> new Message(m.role(), m.content(), encoding.get().encodeOrdinary(m.content()))).toList();
        String key = call.deployment() + "\n" + call.responseFormat().orElse("") + "\n" + call.schema().orElse("");
        Deque<List<Message>> seen = earlier.computeIfAbsent(key, k -> new ArrayDeque<>());
        int longest = 0;
        synchronized (seen) {
            for (List<Message> before : seen) {
                longest = Math.max(longest, sharedPrefix(messages, before));
            }
            seen.addFirst(messages);
            if (seen.size() > REMEMBERED) {
                seen.removeLast();
            }
        }
        return longest < MINIMUM ? 0 : longest / STEP * STEP;
    }

    private static int sharedPrefix(List<Message> request, List<Message> before) {
        int tokens = 0;
        for (int i = 0; i < Math.min(request.size(), before.size()); i++) {
            Message now = request.get(i);
            Message then = before.get(i);
            if (!now.role().equals(then.role())) {
                return tokens;
            }
            if (now.content().equals(then.content())) {
                tokens += now.tokens().size() + 3;
                continue;
            }
            int same = 0;
            while (same < now.tokens().size() && same < then.tokens().size()
                    && now.tokens().get(same) == then.tokens().get(same)) {
                same++;
            }
            return tokens + same;
        }
        return tokens;
    }
}
