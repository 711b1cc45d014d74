/** The benchmark command and the reference check of KPIs against an independent engine. */
package io.tandem.bench;
