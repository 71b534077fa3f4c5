package org.causalgym.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.causalgym.operator.testing.CrdCelCost;
import org.causalgym.operator.testing.CrdCelCost.RuleCost;
import org.junit.jupiter.api.Test;

/**
 * The generated CRD's CEL rules fit the budget kube-apiserver checks when the CRD is created or
 * updated, by Kubernetes' static cost estimate as {@link CrdCelCost} reproduces it: each rule at
 * most 10,000,000, all together at most 100,000,000. Prints the most expensive rules, so the build
 * log shows the margin.
 */
class CrdCelCostTest {

  @Test
  void everyRuleAndTheWholeCrdAreWithinTheApiServersCostLimits() throws IOException {
    Path crd =
        Path.of(System.getProperty("causalgym.generatedCrds", "target/crds"))
            .resolve(HasMetadata.getFullResourceName(CausalGymMonitoring.class) + "-v1.yml");
    JsonNode schema =
        new YAMLMapper().readTree(crd.toFile()).at("/spec/versions/0/schema/openAPIV3Schema");

    List<RuleCost> costs = CrdCelCost.of(schema);
    long total = CrdCelCost.total(costs);

    assertThat(costs).as("rules of " + crd).isNotEmpty();
    System.out.println("Estimated CEL cost of " + crd.getFileName() + " (as kube-apiserver):");
    costs.stream()
        .sorted(Comparator.comparingLong(RuleCost::cost).reversed())
        .limit(3)
        .forEach(c -> System.out.println("  " + c));
    System.out.printf(
        "  total %,d of %,d for the CRD, %d rules%n",
        total, CrdCelCost.STATIC_ESTIMATED_CRD_COST_LIMIT, costs.size());

    SoftAssertions.assertSoftly(
        softly -> {
          softly
              .assertThat(costs)
              .as("rules whose estimated cost exceeds %,d", CrdCelCost.STATIC_ESTIMATED_COST_LIMIT)
              .filteredOn(c -> c.cost() > CrdCelCost.STATIC_ESTIMATED_COST_LIMIT)
              .isEmpty();
          softly
              .assertThat(total)
              .as("estimated cost of all rules of the CRD")
              .isLessThanOrEqualTo(CrdCelCost.STATIC_ESTIMATED_CRD_COST_LIMIT);
        });
  }
}
