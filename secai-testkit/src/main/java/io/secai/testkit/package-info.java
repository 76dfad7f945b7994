/**
 * Local stand-ins for the services SecAI talks to, speaking their real wire formats over real HTTP(S), so that the
 * real SDK clients can be tested without Azure or the internet. Plugin authors use the same kit in their own tests.
 */
package io.secai.testkit;
