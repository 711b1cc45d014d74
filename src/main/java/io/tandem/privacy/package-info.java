/**
 * Erasure of a person, the suppression list that keeps them out of every rebuilt table, and the
 * purge of old files.
 */
package io.tandem.privacy;
