/**
 * The data-driven attribution values (Markov removal effect, Shapley value) learned from the
 * journeys, which the gold attribution models read.
 */
package io.tandem.attribution;
