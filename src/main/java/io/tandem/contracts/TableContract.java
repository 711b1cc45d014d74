package io.tandem.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The contract of a silver, journey or gold table, from {@code schemas/<layer>/<table>.yml}: its
 * grain, key and columns with types and plain-words descriptions. BI developers read these; the
 * model runner checks every build against them. Read strictly: a key it does not know, or a
 * required one missing, stops the run with the file's name.
 */
public record TableContract(
    @JsonProperty(required = true) String table,
    @JsonProperty(required = true) String description,
    @JsonProperty(required = true) String grain,
    List<String> key,
    @JsonProperty(required = true) List<Column> columns) {

  /**
   * A column. {@code accepted_values}: the only values it may hold (nulls aside). {@code
   * references}: {@code <layer>.<table>.<column>} every non-null value must be found in.
   */
  public record Column(
      @JsonProperty(required = true) String name,
      @JsonProperty(required = true) String type,
      @JsonProperty(required = true) String description,
      @JsonProperty("accepted_values") List<String> acceptedValues,
      String references) {}

  /** The columns as a Spark schema, for tables Java builds row by row. */
  public StructType schema() {
    return StructType.fromDDL(
        String.join(", ", columns.stream().map(c -> "`" + c.name() + "` " + c.type()).toList()));
  }

  /** Differences between a model's output and this contract; empty when it conforms. */
  public List<String> violations(StructType schema) {
    List<String> problems = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (StructField field : schema.fields()) {
      actual.add(field.name() + " " + field.dataType().simpleString());
    }
    List<String> expected = columns.stream().map(c -> c.name() + " " + c.type()).toList();
    for (String column : expected) {
      if (!actual.contains(column)) {
        problems.add("missing or mistyped column '" + column + "'");
      }
    }
    for (String column : actual) {
      if (!expected.contains(column)) {
        problems.add("column '" + column + "' is not in the contract");
      }
    }
    return problems;
  }
}
