/** The {@code bin/tandem} commands. */
package io.tandem.cli;
