/**
 * A fake Entra ID: {@link io.secai.testkit.entra.FakeEntraId} issues client-credentials tokens over HTTPS, so that
 * real azure-identity sign-in runs in tests without Azure.
 */
package io.secai.testkit.entra;
