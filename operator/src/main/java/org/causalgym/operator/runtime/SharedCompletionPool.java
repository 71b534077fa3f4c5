package org.causalgym.operator.runtime;

/**
 * Keeps the JDK HttpClient's response completions on the common pool instead of a new thread for
 * each. JDK 17's {@code HttpClientImpl.sendAsync} hands every response on with {@code
 * whenCompleteAsync(..., ASYNC_POOL)}, CompletableFuture's default executor, and that executor is
 * the common pool only where the pool's parallelism is above 1 ({@code
 * CompletableFuture.USE_COMMON_POOL}); the pool's default is one less than the processors, so on a
 * machine or container with two processors or fewer CompletableFuture starts a thread per task
 * ({@code ThreadPerTaskExecutor}). Every request of the Fabric8 client, which runs on that
 * HttpClient, then started a thread, which also read the response there: 8,000 threads for a burst
 * of 1,000 resources, a fifth of the burst's CPU (docs/benchmarks.md). The pool reads its
 * parallelism once, when it is first used, so this runs before anything else in the process.
 */
public final class SharedCompletionPool {

  /** The system property ForkJoinPool's common pool reads its parallelism from. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /** The least parallelism at which CompletableFuture uses the common pool. */
  static final int LEAST_SHARED = 2;

  private SharedCompletionPool() {}

  /**
   * Sets the common pool's parallelism to {@value #LEAST_SHARED} where its default would be lower
   * and no one chose it (-D{@value #PARALLELISM} is kept).
   */
  public static void ensure() {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() - 1 < LEAST_SHARED) {
      System.setProperty(PARALLELISM, Integer.toString(LEAST_SHARED));
    }
  }
}
