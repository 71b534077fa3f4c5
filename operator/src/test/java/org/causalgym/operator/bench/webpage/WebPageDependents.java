package org.causalgym.operator.bench.webpage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JOSDK webpage sample's standalone dependents and their workflow, reconstructed from
 * java-operator-sdk v5.2.3's sample-operators/webpage/src/main/java/io/javaoperatorsdk/operator/
 * sample/: dependentresource/{ConfigMap,Deployment,Service,Ingress}DependentResource.java,
 * dependentresource/ExposedIngressCondition.java, the workflow of
 * WebPageStandaloneDependentsReconciler.java and the names and Ingress of Utils.java. Each desired
 * object is built as the sample builds it, templates read from YAML on every call included.
 */
final class WebPageDependents {

  /** The label every owned object carries, which the dependents' informers select on. */
  static final String SELECTOR = "managed";

  private WebPageDependents() {}

  /** ConfigMap, Deployment, Service, then the Ingress where the page is exposed. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Workflow<WebPage> workflow() {
    var configMap = new ConfigMapDependent();
    var deployment = new DeploymentDependent();
    var service = new ServiceDependent();
    var ingress = new IngressDependent();
    List.<CRUDKubernetesDependentResource<?, WebPage>>of(configMap, deployment, service, ingress)
        .forEach(
            dr ->
                dr.configureWith(
                    new KubernetesDependentResourceConfigBuilder()
                        .withKubernetesDependentInformerConfig(
                            InformerConfiguration.builder(dr.resourceType())
                                .withLabelSelector(SELECTOR + "=true")
                                .build())
                        .build()));
    return new WorkflowBuilder<WebPage>()
        .addDependentResource(configMap)
        .addDependentResource(deployment)
        .addDependentResource(service)
        .addDependentResourceAndConfigure(ingress)
        .withReconcilePrecondition(new ExposedIngressCondition())
        .build();
  }

  private static Map<String, String> managedLabel() {
    Map<String, String> labels = new HashMap<>();
    labels.put(SELECTOR, "true");
    return labels;
  }

  private static String configMapName(WebPage webPage) {
    return webPage.getMetadata().getName() + "-html";
  }

  private static String deploymentName(WebPage webPage) {
    return webPage.getMetadata().getName();
  }

  private static String serviceName(WebPage webPage) {
    return webPage.getMetadata().getName();
  }

  /** The page's HTML as index.html. */
  static class ConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, WebPage> {
    @Override
    protected ConfigMap desired(WebPage webPage, Context<WebPage> context) {
      Map<String, String> data = new HashMap<>();
      data.put("index.html", webPage.getSpec().getHtml());
      return new ConfigMapBuilder()
          .withMetadata(
              new ObjectMetaBuilder()
                  .withName(configMapName(webPage))
                  .withNamespace(webPage.getMetadata().getNamespace())
                  .withLabels(managedLabel())
                  .build())
          .withData(data)
          .build();
    }
  }

  /**
   * One of the sample's YAML templates, parsed anew on every call as upstream does, named and in
   * the page's namespace.
   */
  private static <T extends HasMetadata> T fromTemplate(
      Class<T> type, String file, String name, WebPage webPage) {
    T object = ReconcilerUtils.loadYaml(type, WebPageDependents.class, "/bench/webpage/" + file);
    object.getMetadata().setName(name);
    object.getMetadata().setNamespace(webPage.getMetadata().getNamespace());
    return object;
  }

  /** nginx, serving the ConfigMap mounted as its HTML directory. */
  static class DeploymentDependent extends CRUDKubernetesDependentResource<Deployment, WebPage> {
    @Override
    protected Deployment desired(WebPage webPage, Context<WebPage> context) {
      String name = deploymentName(webPage);
      Deployment deployment = fromTemplate(Deployment.class, "deployment.yaml", name, webPage);
      deployment.getMetadata().setLabels(managedLabel());
      deployment.getSpec().getSelector().getMatchLabels().put("app", name);
      deployment.getSpec().getTemplate().getMetadata().getLabels().put("app", name);
      deployment
          .getSpec()
          .getTemplate()
          .getSpec()
          .getVolumes()
          .get(0)
          .setConfigMap(
              new ConfigMapVolumeSourceBuilder().withName(configMapName(webPage)).build());
      return deployment;
    }
  }

  /** The Deployment's pods on port 80. */
  static class ServiceDependent extends CRUDKubernetesDependentResource<Service, WebPage> {
    @Override
    protected Service desired(WebPage webPage, Context<WebPage> context) {
      Service service = fromTemplate(Service.class, "service.yaml", serviceName(webPage), webPage);
      service.getMetadata().setLabels(managedLabel());
      Map<String, String> selector = new HashMap<>();
      selector.put("app", deploymentName(webPage));
      service.getSpec().setSelector(selector);
      return service;
    }
  }

  /** The Service behind an Ingress, only where the page is exposed. */
  static class IngressDependent extends CRUDKubernetesDependentResource<Ingress, WebPage> {
    @Override
    protected Ingress desired(WebPage webPage, Context<WebPage> context) {
      Ingress ingress =
          fromTemplate(Ingress.class, "ingress.yaml", webPage.getMetadata().getName(), webPage);
      ingress
          .getSpec()
          .getRules()
          .get(0)
          .getHttp()
          .getPaths()
          .get(0)
          .getBackend()
          .getService()
          .setName(serviceName(webPage));
      return ingress;
    }
  }

  /** Reconciles the Ingress while spec.exposed is true; deletes it once it is not. */
  static class ExposedIngressCondition implements Condition<Ingress, WebPage> {
    @Override
    public boolean isMet(
        DependentResource<Ingress, WebPage> dependentResource,
        WebPage primary,
        Context<WebPage> context) {
      return primary.getSpec().getExposed();
    }
  }
}
