package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PerResourceTest {

  @Test
  void deletedResourcesAreDroppedAndTheLiveOnesReadOncePerSlackOfNewEntries() {
    PerResource<String> kept = new PerResource<>();
    Set<String> live = new HashSet<>();
    AtomicInteger reads = new AtomicInteger();
    Supplier<Set<String>> reader =
        () -> {
          reads.incrementAndGet();
          return Set.copyOf(live);
        };
    for (int i = 0; i < 1000; i++) {
      live.add("uid-" + i);
      kept.put("uid-" + i, "entry-" + i, reader);
    }
    assertThat(reads.get()).as("reads of the live resources for 1,000 puts").isLessThan(20);
    assertThat(kept.get("uid-999")).isEqualTo("entry-999");

    // 500 deleted: once as many new entries again have come, their entries are gone.
    for (int i = 0; i < 500; i++) {
      live.remove("uid-" + i);
    }
    for (int i = 1000; i < 1200; i++) {
      live.add("uid-" + i);
      kept.put("uid-" + i, "entry-" + i, reader);
    }
    assertThat(kept.get("uid-0")).isNull();
    assertThat(kept.get("uid-600")).isEqualTo("entry-600");
    assertThat(kept.get(null)).isNull();
  }
}
