package org.causalgym.operator.reconciler;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the operator keeps of each resource between reconciles, by uid, dropping the entries of
 * deleted resources once they outnumber the live ones by a margin: JOSDK tells a reconciler of no
 * deletion when the resource has no finalizer.
 */
final class PerResource<V> {

  /** Entries beyond the live resources before those of deleted ones are dropped. */
  private static final int SLACK = 64;

  private final Map<String, V> entries = new ConcurrentHashMap<>();

  /**
   * The size at which the live resources are read again: a read lists every resource, so it is done
   * once per {@link #SLACK} new entries, not on every put.
   */
  private volatile int pruneAt = SLACK;

  V get(String uid) {
    return uid == null ? null : entries.get(uid);
  }

  /**
   * Keeps the entry of the resource.
   *
   * @param live the uids of the resources that exist, read only when the entries have outgrown them
   */
  void put(String uid, V entry, Supplier<Set<String>> live) {
    if (uid == null) {
      return;
    }
    entries.put(uid, entry);
    if (entries.size() > pruneAt) {
      Set<String> existing = live.get();
      if (entries.size() > existing.size() + SLACK) {
        entries.keySet().retainAll(existing);
      }
      pruneAt = entries.size() + SLACK;
    }
  }
}
