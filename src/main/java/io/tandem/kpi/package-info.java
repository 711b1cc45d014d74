/**
 * The KPI step, the reverse-funnel revenue plan and the sign-off of closed quarters of the
 * scorecard.
 */
package io.tandem.kpi;
