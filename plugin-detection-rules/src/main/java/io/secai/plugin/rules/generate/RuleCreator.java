package io.secai.plugin.rules.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.LlmClient;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.api.UntrustedText;
import io.secai.plugin.rules.model.RuleReading;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.RuleProblem;
import io.secai.plugin.rules.validate.RuleValidator;

import java.util.List;
import java.util.Optional;

/**
 * One {@code create-rule} task: the model's rule, validated; when it fails, one repair call with every reason; the
 * rule exported when it passes, the reasons shown when it still does not.
 */
public final class RuleCreator {
    private final LlmClient llm;
    private final ObjectMapper json;
    private final RuleValidator validator;
    private final AttackMatrix attack;

    /**
     * @param llm the model, scoped to the task
     * @param json the mapper
     * @param validator the rule validator
     * @param attack the ATT&CK map, for technique names
     */
    public RuleCreator(LlmClient llm, ObjectMapper json, RuleValidator validator, AttackMatrix attack) {
        this.llm = llm;
        this.json = json;
        this.validator = validator;
        this.attack = attack;
    }

    /**
     * @param task the task
     * @param context the session and progress
     * @param warning something to tell the user with a successful result
     * @return the result
     */
    public TaskResult create(Task task, TaskContext context, Optional<String> warning) {
        context.progress("Writing the analytics rule");
        RuleGenerator generator = new RuleGenerator(llm, json, task.instruction(), context.session(),
                UntrustedText.newFence());
        RuleReading first = generator.next();
        List<RuleProblem> problems = problems(first);
        if (problems.isEmpty()) {
            return new RulePresenter(json, attack).success(first.rule().orElseThrow(), List.of(), warning);
        }
        context.throwIfCancelled();
        context.progress("Repairing the rule: " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        generator.reject(problems);
        RuleReading second = generator.next();
        List<RuleProblem> remaining = problems(second);
        if (remaining.isEmpty()) {
            return new RulePresenter(json, attack).success(second.rule().orElseThrow(), problems, warning);
        }
        return TaskResult.failed(RulePresenter.failure(remaining));
    }

    private List<RuleProblem> problems(RuleReading reading) {
        List<RuleProblem> problems = validator.validate(reading);
        if (reading.rule().isEmpty() && problems.isEmpty()) {
            return List.of(new RuleProblem(RuleProblem.Kind.STRUCTURE, "", "the answer holds no rule"));
        }
        return problems;
    }
}
