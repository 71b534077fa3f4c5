package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;

/**
 * The owned objects found in their desired state, per resource, by the resourceVersion each had
 * then: while the resource's admission and the served kinds stay the same, so does every desired
 * object, and an object whose version has not moved since still matches. A reconcile for a status,
 * a poll or another object's event then neither builds nor compares it. Any write to the object,
 * ours or someone else's, moves its version, and it is compared again.
 */
final class InSyncObjects {

  /**
   * One resource's objects in sync, under the admission (the same instance while {@link
   * AdmissionCache} keeps it, a new one for each change) and the served kinds they were built for.
   */
  static final class Record {
    private final AdmissionCache.Admission admission;
    private final ServedKinds served;

    /** By the entry's ordinal: an array of the registry's size is a third of a map's. */
    private final AtomicReferenceArray<String> versions =
        new AtomicReferenceArray<>(OwnedObject.values().length);

    private Record(AdmissionCache.Admission admission, ServedKinds served) {
      this.admission = admission;
      this.served = served;
    }

    /** Whether the object is as it was when it last matched what the same inputs build. */
    boolean inSync(OwnedObject owned, HasMetadata actual) {
      String version = actual.getMetadata().getResourceVersion();
      return version != null && version.equals(versions.get(owned.ordinal()));
    }

    /** The object, as it is, matches what these inputs build. */
    void matched(OwnedObject owned, HasMetadata actual) {
      String version = actual.getMetadata().getResourceVersion();
      if (version != null) {
        versions.set(owned.ordinal(), version);
      }
    }
  }

  private final PerResource<Record> records = new PerResource<>();

  /**
   * The resource's record for these inputs: the one kept, or a new, empty one when the admission or
   * the served kinds changed.
   *
   * @param live the uids of the resources that exist, read only when the records have outgrown them
   */
  Record of(
      String uid,
      AdmissionCache.Admission admission,
      ServedKinds served,
      Supplier<Set<String>> live) {
    Record kept = records.get(uid);
    // By identity: the admission cache hands out the same instance until the spec changes.
    if (kept != null && kept.admission == admission && kept.served.equals(served)) {
      return kept;
    }
    Record fresh = new Record(admission, served);
    records.put(uid, fresh, live);
    return fresh;
  }
}
