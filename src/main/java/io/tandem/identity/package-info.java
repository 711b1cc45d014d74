/**
 * The identity step: the graph of identifiers that makes one person of a visitor, a lead and a
 * contact, with stable person ids and their merge history.
 */
package io.tandem.identity;
