/**
 * {@link io.secai.testkit.http.LoopbackServer}: the loopback HTTP(S) server under the kit's fakes, for plugin
 * authors who fake a web service of their own.
 */
package io.secai.testkit.http;
