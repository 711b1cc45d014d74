/**
 * Landing to bronze: scanning the landing area, parsing the vendors' extracts, quarantining bad
 * rows with a reason, and the file manifest.
 */
package io.tandem.ingest;
