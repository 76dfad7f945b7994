package io.secai.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.Task;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;

/** Plans as the model writes them, in the planner's JSON shape, to script {@code FakeOpenAi}. */
public final class PlanReplies {

    /** The name of the JSON schema the planner sends, which tells a planning call from a task's call. */
    public static final String PLAN_SCHEMA = "secai_plan";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanReplies() {
    }

    /**
     * @param tasks the tasks, in order (their inputs are left out: the test plugins take none)
     * @return a completion whose content is the plan
     */
    public static Reply plan(Task... tasks) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("tasks");
        for (Task task : tasks) {
            items.addObject()
                    .put("plugin", task.plugin())
                    .put("capability", task.capability())
                    .put("instruction", task.instruction())
                    .putArray("inputs");
        }
        return Reply.text(root.toString());
    }

    /**
     * @param call a call the fake received
     * @return whether it was the planner's (it asks for the plan schema)
     */
    public static boolean isPlanning(ChatCall call) {
        return call.schemaName().filter(PLAN_SCHEMA::equals).isPresent();
    }
}
