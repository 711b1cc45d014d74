/**
 * The contracts of {@code schemas/}: {@link io.tandem.contracts.SourceContract} (what an extract
 * must carry) and {@link io.tandem.contracts.TableContract} (the columns, grain and key of a
 * table). Read strictly: an unknown or missing key stops the run.
 */
package io.tandem.contracts;
