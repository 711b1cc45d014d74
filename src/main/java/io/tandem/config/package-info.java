/**
 * The settings and business rules of {@code conf/}: application settings, the shared KPI
 * definitions, targets, teams, checked against {@code schemas/conf/} before a run starts.
 */
package io.tandem.config;
