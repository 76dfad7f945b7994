/**
 * Detection rules: a Sentinel scheduled analytics rule generated as data by one JSON-schema model call, validated
 * with a reason and a JSON path for every failure, repaired once, and exported as an ARM template, Bicep or the
 * community detection YAML; {@code secai rule check} runs the same validation over files in a pipeline.
 */
package io.secai.plugin.rules;
