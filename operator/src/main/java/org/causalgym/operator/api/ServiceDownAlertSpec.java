package org.causalgym.operator.api;

/** ServiceDown: Prometheus cannot scrape the application, or its target has vanished. */
public class ServiceDownAlertSpec extends AlertSpec {

  public ServiceDownAlertSpec() {
    super("1m", "critical");
  }
}
