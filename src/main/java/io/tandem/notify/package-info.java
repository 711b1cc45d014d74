/** Run notifications by mail. */
package io.tandem.notify;
