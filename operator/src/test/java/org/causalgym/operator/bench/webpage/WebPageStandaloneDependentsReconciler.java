package org.causalgym.operator.bench.webpage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * The reconciler the JOSDK webpage sample's main registers by default (WEBPAGE_RECONCILER unset),
 * reconstructed from java-operator-sdk v5.2.3's
 * sample-operators/webpage/src/main/java/io/javaoperatorsdk/operator/sample/WebPageStandaloneDependentsReconciler.java
 * and the status and error handling of Utils.java there: the dependents' workflow reconciled
 * explicitly, then the ConfigMap's name patched into the status.
 */
@ControllerConfiguration
public class WebPageStandaloneDependentsReconciler implements Reconciler<WebPage> {

  private final Workflow<WebPage> workflow = WebPageDependents.workflow();

  @Override
  public List<EventSource<?, WebPage>> prepareEventSources(EventSourceContext<WebPage> context) {
    return EventSourceUtils.eventSourcesFromWorkflow(context, workflow);
  }

  @Override
  public UpdateControl<WebPage> reconcile(WebPage webPage, Context<WebPage> context) {
    // The sample's demo hook: a page saying "error" fails its reconcile.
    if (webPage.getSpec().getHtml().contains("error")) {
      throw new IllegalStateException("Simulating error");
    }
    String html = webPage.getSpec().getHtml().toLowerCase();
    if (!html.contains("<html>") || !html.contains("</html>")) {
      status(webPage).setErrorMessage("Invalid html.");
      return UpdateControl.patchStatus(webPage);
    }
    workflow.reconcile(webPage, context);
    WebPage.Status status = new WebPage.Status();
    status.setHtmlConfigMap(
        context.getSecondaryResource(ConfigMap.class).orElseThrow().getMetadata().getName());
    status.setAreWeGood(true);
    webPage.setStatus(status);
    return UpdateControl.patchStatus(webPage);
  }

  @Override
  public ErrorStatusUpdateControl<WebPage> updateErrorStatus(
      WebPage webPage, Context<WebPage> context, Exception e) {
    status(webPage).setErrorMessage("Error: " + e.getMessage());
    return ErrorStatusUpdateControl.patchStatus(webPage);
  }

  private static WebPage.Status status(WebPage webPage) {
    if (webPage.getStatus() == null) {
      webPage.setStatus(new WebPage.Status());
    }
    return webPage.getStatus();
  }
}
