package org.causalgym.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/** A condition is written with its type's name and only with a reason of that type. */
class StatusConditionsTest {

  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  private static CausalGymMonitoring resource() {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setGeneration(3L);
    return cr;
  }

  @Test
  void aVerdictIsWrittenUnderItsTypeWithItsReasonsName() {
    CausalGymMonitoringStatus status =
        StatusReport.withMonitoring(
            new CausalGymMonitoringStatus(),
            resource(),
            Map.of(
                ConditionType.Available,
                Optional.of(ConditionVerdict.fails(AvailableReason.ScaledToZero, "0 replicas"))),
            null,
            NOW);
    assertThat(status.conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Available");
              assertThat(c.getReason()).isEqualTo("ScaledToZero");
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
            });
  }

  @Test
  void aReasonOfAnotherTypeIsRefused() {
    assertThatThrownBy(
            () ->
                StatusReport.withMonitoring(
                    new CausalGymMonitoringStatus(),
                    resource(),
                    Map.of(
                        ConditionType.Available,
                        Optional.of(ConditionVerdict.holds(ObservedReason.Scraped, "up"))),
                    null,
                    NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition Available has no reason Scraped");
  }
}
