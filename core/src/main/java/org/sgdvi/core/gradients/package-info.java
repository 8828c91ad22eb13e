/**
 * Exact per-example gradients in inference mode (PAPER.md eq. 2, section 4).
 */
package org.sgdvi.core.gradients;
