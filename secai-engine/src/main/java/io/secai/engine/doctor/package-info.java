/**
 * {@code secai doctor}: one check per thing SecAI depends on (configuration, sign-in, the model deployment, each
 * plugin's own checks), each passed or failed with the fix.
 */
package io.secai.engine.doctor;
