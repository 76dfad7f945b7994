/** The shared prompt-injection suite that the planner's and every plugin's prompts run against. */
package io.secai.testkit.injection;
