/**
 * Where files live: {@link io.tandem.storage.Location} (a local path or an object-store URI) and
 * {@link io.tandem.storage.Storage} (list, read, write whole, create if absent, delete) over
 * Hadoop's file systems. Depends on nothing else of Tandem's.
 */
package io.tandem.storage;
