/** OpenLineage events of each run and each table written. */
package io.tandem.lineage;
