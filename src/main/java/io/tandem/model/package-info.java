/**
 * The one SQL runner: {@link io.tandem.model.ModelRunner} builds the models of {@code sql/}, runs
 * the queries Java goes on with, and checks every table, SQL- or Java-built, against its contract;
 * with {@link io.tandem.model.SqlModel}, model lineage, the conf tables and the channel rules
 * ({@code channel_of}).
 */
package io.tandem.model;
