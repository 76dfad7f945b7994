/**
 * A local fake of Microsoft Graph's security API (incidents, {@code alerts_v2}, {@code runHuntingQuery}) over HTTPS,
 * in the real wire format, for testing code that calls Graph. Start with {@link io.secai.testkit.graph.FakeGraph};
 * build its data with {@link io.secai.testkit.graph.SecurityData}.
 */
package io.secai.testkit.graph;
