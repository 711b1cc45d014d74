/**
 * The demo company generator: extracts in the vendors' own formats for the quick start and the
 * tests.
 */
package io.tandem.demo;
