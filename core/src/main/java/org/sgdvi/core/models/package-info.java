/**
 * The paper's networks (PAPER.md section 3) and the map from DL4J parameters to trainable weights.
 */
package org.sgdvi.core.models;
