/** The data folder: one writing process at a time, and what a crash leaves behind cleaned at start. */
package io.secai.engine.folder;
