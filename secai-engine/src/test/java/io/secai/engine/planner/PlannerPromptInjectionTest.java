package io.secai.engine.planner;

import java.util.List;

import io.secai.api.Capability;
import io.secai.api.ChatMessage;
import io.secai.api.Plugin;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.api.UntrustedText;
import io.secai.testkit.injection.PromptInjection;
import org.junit.jupiter.api.Test;

class PlannerPromptInjectionTest {

    private static final Plugin GPT = new Plugin() {
        @Override
        public String name() {
            return "gpt";
        }

        @Override
        public String apiVersion() {
            return "1.0";
        }

        @Override
        public String description() {
            return "Answers from the model.";
        }

        @Override
        public List<Capability> capabilities() {
            return List.of(Capability.of("answer", "Answer a question."));
        }

        @Override
        public TaskResult run(Task task, TaskContext context) {
            return TaskResult.success("unused");
        }
    };

    @Test
    void hostileRequestsAndSessionResultsStayInsideThePlannersFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> PlannerPrompt.messages(
                "summarise them " + hostile, PromptInjection.sessionWith(hostile), List.of(GPT), "gpt", "answer",
                UntrustedText.newFence()));
    }

    @Test
    void hostileModelOutputQuotedInARepairRequestStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> {
            UntrustedText fence = UntrustedText.newFence();
            List<ChatMessage> first = PlannerPrompt.messages("summarise them", PromptInjection.sessionWith("x"),
                    List.of(GPT), "gpt", "answer", fence);
            return List.of(first.get(0), ChatMessage.user(PlannerPrompt.repair("unknown plugin " + hostile, fence)));
        });
    }
}
