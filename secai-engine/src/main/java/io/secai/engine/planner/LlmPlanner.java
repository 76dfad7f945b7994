package io.secai.engine.planner;

import io.secai.api.Capability;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.Plugin;
import io.secai.api.SecAiException;
import io.secai.api.SessionContext;
import io.secai.api.Task;
import io.secai.api.TokenUsage;
import io.secai.api.UntrustedText;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans with one model call whose answer must follow a strict JSON schema ({@code {"tasks":[{"plugin",
 * "capability", "instruction", "inputs"}]}}), built from each loaded plugin's name, description and capabilities.
 *
 * <p>The answer is checked against the plugins. An invalid plan gets one repair call that shows the model its
 * answer and what is wrong with it; if that is invalid too, the whole prompt goes to the fallback plugin
 * ({@code gpt}, capability {@code answer}) and {@link Plan#note()} says why. Errors of the model itself
 * ({@link io.secai.api.ServiceException}) are not caught: a plan cannot be made without the model.
 */
public final class LlmPlanner implements Planner {

    /** The plugin that answers when no valid plan comes back. */
    public static final String FALLBACK_PLUGIN = "gpt";
    /** The fallback plugin's capability that answers any prompt. */
    public static final String FALLBACK_CAPABILITY = "answer";

    private static final Logger LOG = LoggerFactory.getLogger(LlmPlanner.class);

    private final ObservableLlmClient llm;

    /** @param llm the model */
    public LlmPlanner(ObservableLlmClient llm) {
        this.llm = Objects.requireNonNull(llm, "llm");
    }

    @Override
    public Plan plan(String prompt, SessionContext session, List<Plugin> plugins, CallObserver observer) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(session, "session");
        if (plugins.isEmpty()) {
            throw new SecAiException("No plugins are loaded, so nothing can carry out the request. "
                    + "Run 'secai plugins' to see what was found and why it failed.");
        }
        PlanValidator validator = new PlanValidator(plugins);
        UntrustedText fence = UntrustedText.newFence();
        List<ChatMessage> messages = new ArrayList<>(
                PlannerPrompt.messages(prompt, session, plugins, FALLBACK_PLUGIN, FALLBACK_CAPABILITY, fence));

        ChatResponse first = ask(messages, plugins, observer);
        TokenUsage usage = first.usage();
        PlanValidator.Verdict verdict = validator.check(first.content());
        if (verdict.tasks().isPresent()) {
            return new Plan(verdict.tasks().get(), "", usage, verdict.results());
        }
        LOG.debug("Plan rejected, asking for a repair: {}", verdict.problem());

        messages.add(ChatMessage.assistant(first.content()));
        messages.add(ChatMessage.user(PlannerPrompt.repair(verdict.problem(), fence)));
        ChatResponse second = ask(messages, plugins, observer);
        usage = usage.plus(second.usage());
        PlanValidator.Verdict repaired = validator.check(second.content());
        if (repaired.tasks().isPresent()) {
            return new Plan(repaired.tasks().get(), "repaired after: " + verdict.problem(), usage,
                    repaired.results());
        }
        LOG.debug("Repaired plan rejected too, falling back to {}: {}", FALLBACK_PLUGIN, repaired.problem());
        return fallback(prompt, plugins, repaired.problem(), usage);
    }

    private ChatResponse ask(List<ChatMessage> messages, List<Plugin> plugins, CallObserver observer) {
        ChatRequest request = ChatRequest.of("plan", messages)
                .withSchema(PlannerPrompt.schema(plugins))
                .withTemperature(0);
        return llm.complete(request, observer);
    }

    private static Plan fallback(String prompt, List<Plugin> plugins, String problem, TokenUsage usage) {
        Optional<Plugin> gpt = plugins.stream().filter(plugin -> plugin.name().equals(FALLBACK_PLUGIN)).findFirst();
        if (gpt.isEmpty()) {
            throw new SecAiException("Could not plan the request: the model's plan was invalid twice (" + problem
                    + "), and no plugin named \"" + FALLBACK_PLUGIN + "\" is loaded to answer it directly.");
        }
        String capability = gpt.get().capabilities().stream().map(Capability::name)
                .filter(FALLBACK_CAPABILITY::equals).findFirst()
                .orElseGet(() -> gpt.get().capabilities().get(0).name());
        return new Plan(List.of(Task.of(FALLBACK_PLUGIN, capability, prompt)),
                "fell back to " + FALLBACK_PLUGIN + ": " + problem, usage);
    }
}
