/**
 * The {@code strand} command line: demo, load, dump, query and status over a journal directory.
 */
package io.strand.cli;
