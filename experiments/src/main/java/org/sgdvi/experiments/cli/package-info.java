/**
 * The {@code sgdvi} command line: one picocli class per command.
 */
package org.sgdvi.experiments.cli;
