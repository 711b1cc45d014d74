/**
 * The data catalogue page: every table with its contract, row counts from the latest run report,
 * and lineage back to the landing objects.
 */
package io.tandem.catalogue;
