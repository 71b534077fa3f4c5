package org.causalgym.operator.api;

/** The names of the built-in alerts, which an additional alert may not take. */
public final class BuiltInAlerts {

  public static final String HIGH_ERROR_RATE = "HighErrorRate";
  public static final String HIGH_MEMORY_USAGE = "HighMemoryUsage";
  public static final String SERVICE_DOWN = "ServiceDown";

  /** Built in while logging is on: a pod evicted, as a full log volume does. No settings. */
  public static final String POD_EVICTED = "PodEvicted";

  private BuiltInAlerts() {}
}
