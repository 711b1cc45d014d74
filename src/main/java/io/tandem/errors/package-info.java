/**
 * Every message a user reads when something fails, in one place ({@link
 * io.tandem.errors.TandemErrors}): what failed, where, and what to do; and the exit codes.
 */
package io.tandem.errors;
