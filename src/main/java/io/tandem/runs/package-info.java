/** The job's parameters and the run report written when a run ends. */
package io.tandem.runs;
