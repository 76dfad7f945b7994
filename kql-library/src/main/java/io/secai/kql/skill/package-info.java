/**
 * KQL skills: saved KQL templates with typed inputs. A value is put into a query only as a KQL literal of its
 * declared type, built from the parsed value (never the text as given), and the filled query still goes through
 * the read-only guard before it runs.
 */
package io.secai.kql.skill;
