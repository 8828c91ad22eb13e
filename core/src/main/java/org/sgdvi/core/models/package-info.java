/**
 * The paper's networks (those of its experiments, Figs. 1-3) built by {@link org.sgdvi.core.models.ModelZoo}, and
 * {@link org.sgdvi.core.models.TrainableLayout}, the map from DL4J parameters to the trainable
 * weight vector x in R^d.
 */
package org.sgdvi.core.models;
