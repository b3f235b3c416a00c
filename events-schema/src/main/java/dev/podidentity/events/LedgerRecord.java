package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The assigner's memory of one target: the identities it added ({@code owned}) and the operation it
 * is about to make or is making ({@code intent}). Only owned identities are ever removed, so
 * identities that were on the target before us survive. Ids are lowercase, sorted and distinct, so
 * two ledgers with the same content are equal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) ComputeTarget target,
    List<String> owned,
    Intent intent)
    implements Event {

  /**
   * An identity PATCH written before it is sent: on restart, an intent without a result means the
   * outcome is unknown and the cloud must be read before anything is removed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Intent(
      @JsonProperty(required = true) String operationId, List<String> add, List<String> remove) {
    public Intent {
      Require.text(operationId, "operationId");
      add = normalise(add);
      remove = normalise(remove);
    }
  }

  public LedgerRecord {
    Require.version(schemaVersion);
    Require.present(target, "target");
    owned = normalise(owned);
  }

  static List<String> normalise(List<String> ids) {
    if (ids == null) {
      return List.of();
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String id : ids) {
      sorted.add(Require.text(id, "identity id").toLowerCase(Locale.ROOT));
    }
    return List.copyOf(sorted);
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.ledger.v1";
  }
}
