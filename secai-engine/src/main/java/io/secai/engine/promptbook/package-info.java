/**
 * Promptbooks: saved investigations as YAML files (a name, inputs written {@code <Name>}, ordered prompts) that run
 * in one session step by step, each prompt building on the results of the ones before, exactly as typed prompts.
 */
package io.secai.engine.promptbook;
