package io.tandem.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceContractTest {

  @Test
  void columnsMatchApiCaseConnectorSnakeCaseAndUpperHeaders() {
    SourceContract.Column score =
        new SourceContract.Column(
            "lead_score", List.of("Lead_Score__c"), "decimal", false, null, null, null);
    SourceContract.Column created =
        new SourceContract.Column(
            "created_date", List.of("CreatedDate"), "timestamp", true, null, null, null);

    assertThat(List.of("Lead_Score__c", "lead_score_c", "LEAD_SCORE__C", "lead_score"))
        .allMatch(score::matches);
    assertThat(List.of("CreatedDate", "created_date", "CREATEDDATE")).allMatch(created::matches);
    assertThat(created.matches("LastModifiedDate")).isFalse();
    SourceContract.Column currency =
        new SourceContract.Column(
            "currency_code", List.of("customer.currency_code"), "string", false, null, null, null);
    assertThat(List.of("customer.currency_code", "customer_currency_code", "customer.currencyCode"))
        .allMatch(currency::matches);
  }

  @Test
  void everyShippedContractLoadsWithAKeyOfItsOwnColumns() {
    List<SourceContract> contracts = SourceContract.loadAll(TestPaths.home().resolve("schemas"));

    assertThat(contracts)
        .extracting(SourceContract::bronzeTable)
        .contains(
            "raw_salesforce_lead",
            "raw_salesforce_lead_history",
            "raw_google_ads_campaign_performance");
    assertThat(contracts)
        .allSatisfy(
            c -> {
              assertThat(c.key()).isNotEmpty();
              assertThat(c.key()).allSatisfy(k -> assertThat(c.column(k)).isNotNull());
            });
  }
}
