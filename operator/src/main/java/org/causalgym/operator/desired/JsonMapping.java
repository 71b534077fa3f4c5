package org.causalgym.operator.desired;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON factories and mappers of the operator's own code, whose buffers all threads share. */
public final class JsonMapping {

  /**
   * The parsers' and generators' buffers kept for reuse. Jackson 2.20's default pool keeps one set
   * for every thread that ever read or wrote JSON, softly referenced, so that a full GC leaves it,
   * each buffer grown to the largest value it held (a dashboard): some 40 KiB on each informer,
   * HTTP client and reconcile thread, 1.5–1.9 MiB in heap dumps of 300 resources. A pool that all
   * threads share keeps a few sets, as many as two cores use at once; a thread that finds none
   * allocates its own, and one that brings a set back to a full pool drops it.
   */
  public static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.newBoundedPool(4);

  /**
   * A mapper with Jackson's defaults, on the shared buffers, for the code that needs no other
   * setting: one instance, so that the readers and writers it builds are built once for all.
   */
  public static final ObjectMapper JSON = mapper();

  private JsonMapping() {}

  /** A JSON factory with Jackson's defaults, on the shared buffers. */
  public static JsonFactory factory() {
    return JsonFactory.builder().recyclerPool(BUFFERS).build();
  }

  /** A mapper of its own with Jackson's defaults, on the shared buffers, for one to configure. */
  public static ObjectMapper mapper() {
    return new ObjectMapper(factory());
  }
}
