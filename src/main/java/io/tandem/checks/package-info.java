/**
 * The quality gate: source health, contract checks of keys, accepted values and references, and the
 * reconciliation and KPI sanity checks of {@code sql/checks/}.
 */
package io.tandem.checks;
