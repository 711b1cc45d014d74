package io.tandem.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.publish.HeadlessChromium;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the data catalogue in headless Chromium: search finds the scorecard, and its lineage
 * graph's links lead, table by table, back to a landing object; no console errors, no request
 * leaves the machine. {@link #followLineageToLanding} also runs on the demo's catalogue
 * (PlantedEffectsIT).
 */
public class CatalogueIT {
  @TempDir Path work;

  @Test
  void searchAndLineageLeadFromTheScorecardToTheLandingObjects() throws Exception {
    Path page = CatalogueTest.CATALOGUE.write(work.resolve("catalogue.html"), work.resolve("runs"));
    List<String> path = followLineageToLanding(page, work.resolve("chromium-profile"));
    assertThat(path.get(0)).isEqualTo("gold.kpi_alignment_scorecard_quarterly");
    assertThat(path.get(path.size() - 1)).startsWith("landing.");
  }

  /**
   * Searches for the scorecard, opens it, then clicks in each table's lineage graph the link of one
   * of its inputs (the one in the earliest layer) until a landing object; returns the tables
   * visited.
   */
  public static List<String> followLineageToLanding(Path page, Path profile) throws Exception {
    List<String> visited = new ArrayList<>();
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip(profile)) {
      chromium.open(page);
      chromium.evaluate(
          "(() => { const s = document.getElementById('search'); s.value = 'alignment scorecard';"
              + " s.dispatchEvent(new Event('input')); return true; })()");
      JsonNode shown =
          chromium.evaluate(
              "[...document.querySelectorAll('nav#index li[data-search]')]"
                  + ".filter(li => !li.hidden).map(li => li.innerText.trim())");
      assertThat(shown).extracting(JsonNode::asText).contains("kpi_alignment_scorecard_quarterly");
      assertThat(shown.size()).isLessThan(5);
      chromium.evaluate(
          "(() => { [...document.querySelectorAll('nav#index li:not([hidden]) a')]"
              + ".find(a => a.innerText.trim() === 'kpi_alignment_scorecard_quarterly').click();"
              + " return true; })()");
      String current = "gold.kpi_alignment_scorecard_quarterly";
      List<String> layers = Catalogue.LAYERS;
      while (true) {
        assertThat(chromium.evaluate("location.hash").asText())
            .isEqualTo("#" + Catalogue.Table.anchor(current));
        visited.add(current);
        if (current.startsWith("landing.")) {
          break;
        }
        String id = current;
        JsonNode inputs =
            chromium.evaluate(
                "document.getElementById('"
                    + Catalogue.Table.anchor(id)
                    + "').dataset.inputs.split(' ').filter(Boolean)");
        assertThat(inputs).as("inputs of %s", id).isNotEmpty();
        // toward the extracts: the input in the earliest layer that is a landing object or is built
        // from more than business rules (conf)
        String next = null;
        for (JsonNode input : inputs) {
          String candidate = input.asText();
          boolean towardLanding =
              candidate.startsWith("landing.")
                  || chromium
                      .evaluate(
                          "document.getElementById('"
                              + Catalogue.Table.anchor(candidate)
                              + "').dataset.inputs.split(' ').some(i => i && !i.startsWith('conf.'))")
                      .asBoolean();
          if (towardLanding
              && (next == null || layers.indexOf(layer(candidate)) < layers.indexOf(layer(next)))) {
            next = candidate;
          }
        }
        assertThat(next).as("a way toward the landing objects from %s", id).isNotNull();
        // the link inside this table's own lineage graph
        chromium.evaluate(
            "(() => { document.querySelector('#"
                + Catalogue.Table.anchor(id)
                + " svg a[data-table=\"' + '"
                + next
                + "' + '\"]').dispatchEvent(new MouseEvent('click', {bubbles: true}));"
                + " return true; })()");
        assertThat(visited).as("lineage loops at %s", next).doesNotContain(next);
        current = next;
      }
      assertThat(chromium.consoleErrors).isEmpty();
      assertThat(chromium.externalRequests).isEmpty();
    }
    return visited;
  }

  private static String layer(String id) {
    return id.substring(0, id.indexOf('.'));
  }
}
