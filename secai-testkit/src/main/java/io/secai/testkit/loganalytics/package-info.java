/**
 * A local fake of the Log Analytics query API ({@code POST /v1/workspaces/{id}/query}) for testing code that uses
 * the real azure-monitor-query client. Start with {@link io.secai.testkit.loganalytics.FakeLogAnalytics}.
 */
package io.secai.testkit.loganalytics;
