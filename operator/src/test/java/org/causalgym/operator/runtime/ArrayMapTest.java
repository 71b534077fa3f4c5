package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An ArrayMap behaves as a LinkedHashMap does, under every operation, in the same order. */
class ArrayMapTest {

  @Test
  void randomOperationsLeaveItEqualToALinkedHashMapInOrder() {
    Random random = new Random(20261207);
    for (int run = 0; run < 200; run++) {
      Map<String, String> expected = new LinkedHashMap<>();
      Map<String, String> actual = new ArrayMap<>();
      for (int step = 0; step < 60; step++) {
        String key = "k" + random.nextInt(8);
        String value = random.nextBoolean() ? null : "v" + random.nextInt(100);
        switch (random.nextInt(6)) {
          case 0, 1 -> assertThat(actual.put(key, value)).isEqualTo(expected.put(key, value));
          case 2 -> assertThat(actual.remove(key)).isEqualTo(expected.remove(key));
          case 3 -> {
            removeThroughIterator(actual, key);
            removeThroughIterator(expected, key);
          }
          case 4 -> {
            setThroughEntry(actual, key, value);
            setThroughEntry(expected, key, value);
          }
          default -> {
            if (random.nextInt(10) == 0) {
              actual.clear();
              expected.clear();
            }
          }
        }
        assertThat(actual.get(key)).isEqualTo(expected.get(key));
        assertThat(actual.containsKey(key)).isEqualTo(expected.containsKey(key));
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(actual).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(actual.toString()).isEqualTo(expected.toString());
      }
    }
  }

  @Test
  void anIteratorFailsFastOnAnotherChange() {
    ArrayMap<String, String> map = new ArrayMap<>();
    map.put("a", "1");
    map.put("b", "2");
    Iterator<Map.Entry<String, String>> entries = map.entrySet().iterator();
    entries.next();
    map.put("c", "3");
    assertThatThrownBy(entries::next).isInstanceOf(ConcurrentModificationException.class);
  }

  private static void removeThroughIterator(Map<String, String> map, String key) {
    map.entrySet().removeIf(entry -> entry.getKey().equals(key));
  }

  private static void setThroughEntry(Map<String, String> map, String key, String value) {
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (entry.getKey().equals(key)) {
        entry.setValue(value);
      }
    }
  }
}
