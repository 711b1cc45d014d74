/**
 * Publishing gold: PostgreSQL (staging schema swapped in one transaction), the scorecard pages and
 * the weekly digest.
 */
package io.tandem.publish;
