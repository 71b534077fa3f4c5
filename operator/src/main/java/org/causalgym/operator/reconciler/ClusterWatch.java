package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.openshift.api.model.monitoring.v1.Alertmanager;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.status.SelectionReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the cluster offers beyond the core API, by watch: which of the watched CRDs exist (each
 * watched by name, no other CRD is read), and, where the prometheus-operator's kinds are served,
 * its Prometheus and Alertmanager resources and the namespaces' labels their selectors read. Any
 * change that can alter what a resource becomes or whether it is selected reconciles every
 * resource; nothing here is polled.
 */
final class ClusterWatch extends JosdkEventSourceSeam<CustomResourceDefinition>
    implements SelectionReport.Cluster {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
  private static final long SYNC_TIMEOUT_SECONDS = 60;

  private final KubernetesClient client;
  private final List<SharedIndexInformer<CustomResourceDefinition>> crdInformers =
      new ArrayList<>();
  private volatile ServedKinds served = ServedKinds.nothing();
  private volatile SharedIndexInformer<Prometheus> prometheuses;
  private volatile SharedIndexInformer<Alertmanager> alertmanagers;
  private final Set<String> watchNamespaces;
  private volatile List<SharedIndexInformer<Namespace>> namespaces = List.of();
  private volatile String unreadable;

  /**
   * @param watchNamespaces the namespaces whose resources are reconciled, empty for all: only their
   *     labels are ever read, so with a list each is watched by name (what the chart's
   *     resourceNames allow) and no other namespace is seen
   */
  ClusterWatch(
      KubernetesClient client,
      EventSourceContext<CausalGymMonitoring> context,
      Set<String> watchNamespaces) {
    super(CustomResourceDefinition.class, "cluster-watch", context);
    this.client = client;
    this.watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** The kinds of other operators the cluster serves, as last watched. */
  ServedKinds served() {
    return served;
  }

  @Override
  public List<Prometheus> prometheuses() {
    return prometheuses == null ? List.of() : prometheuses.getStore().list();
  }

  @Override
  public List<Alertmanager> alertmanagers() {
    return alertmanagers == null ? List.of() : alertmanagers.getStore().list();
  }

  @Override
  public Optional<String> unreadable() {
    return Optional.ofNullable(unreadable);
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaces.stream()
        .map(informer -> informer.getStore().getByKey(namespace))
        .filter(Objects::nonNull)
        .map(Namespace::getMetadata)
        .filter(metadata -> metadata.getLabels() != null)
        .findFirst()
        .map(metadata -> metadata.getLabels())
        .orElse(Map.of());
  }

  /**
   * The client's reading of what this watch looks at, and of nothing else of it: a CRD without its
   * versions' schemas (it needs which versions are served; the prometheus-operator's CRDs hold
   * megabytes of schema, v0.93.0's AlertmanagerConfig alone 0.8 MB of YAML), and a Prometheus or
   * Alertmanager with only the fields {@link SelectionReport#FIELDS_READ} names. Both were read
   * whole before the operator was ready, and held for as long as it runs: Jackson builds the reader
   * of a Prometheus with those of every class its spec can hold, about a second of a cold start.
   * The fields left out are skipped unread, not kept among the unknown ones.
   */
  static Module readsWhatItWatches() {
    return new SimpleModule("cluster-watch-reading")
        .setMixInAnnotation(CustomResourceDefinitionVersion.class, SchemaNotRead.class)
        .setDeserializerModifier(
            new BeanDeserializerModifier() {
              @Override
              public BeanDeserializerBuilder updateBuilder(
                  DeserializationConfig config,
                  BeanDescription description,
                  BeanDeserializerBuilder builder) {
                Set<String> read = SelectionReport.FIELDS_READ.get(description.getBeanClass());
                if (read != null) {
                  List<String> unread = new ArrayList<>();
                  builder
                      .getProperties()
                      .forEachRemaining(
                          property -> {
                            if (!read.contains(property.getName())) {
                              unread.add(property.getName());
                            }
                          });
                  for (String name : unread) {
                    builder.removeProperty(PropertyName.construct(name));
                    builder.addIgnorable(name);
                  }
                }
                return builder;
              }
            });
  }

  /** Leaves a CRD version's schema out of reading; it would still be written. */
  @JsonIgnoreProperties(value = "schema", allowGetters = true)
  private abstract static class SchemaNotRead {}

  @Override
  public synchronized void start() throws OperatorException {
    Map<String, CompletableFuture<Void>> synced = new LinkedHashMap<>();
    for (ServedKinds.ApiKind kind : ServedKinds.WATCHED) {
      SharedIndexInformer<CustomResourceDefinition> informer =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(kind.crd())
              .runnableInformer(0);
      informer.addEventHandler(onChange(crd -> crdChanged(), crd -> crd.getSpec().getVersions()));
      crdInformers.add(informer);
      // All six list at once: start-up waits for one round trip, not six.
      synced.put(kind.crd(), informer.start().toCompletableFuture());
    }
    synced.forEach((crd, listed) -> awaitSynced(listed, crd));
    crdChanged();
    super.start();
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    crdInformers.forEach(SharedIndexInformer::close);
    crdInformers.clear();
    prometheuses = close(prometheuses);
    alertmanagers = close(alertmanagers);
    namespaces = closeAll(namespaces);
  }

  private synchronized void crdChanged() {
    Map<String, Set<String>> versions =
        crdInformers.stream()
            .flatMap(informer -> informer.getStore().list().stream())
            .collect(
                Collectors.toMap(
                    crd -> crd.getMetadata().getName(),
                    crd ->
                        crd.getSpec().getVersions().stream()
                            .filter(v -> Boolean.TRUE.equals(v.getServed()))
                            .map(CustomResourceDefinitionVersion::getName)
                            .collect(Collectors.toUnmodifiableSet()),
                    (a, b) -> a));
    ServedKinds now = new ServedKinds(versions);
    if (now.equals(served)) {
      return;
    }
    served = now;
    LOG.info("The cluster serves {}", versions.isEmpty() ? "none of the watched kinds" : versions);
    boolean selectionChecked =
        now.serves(ServedKinds.PROMETHEUSES) || now.serves(ServedKinds.ALERTMANAGERS);
    try {
      prometheuses = follow(prometheuses, now.serves(ServedKinds.PROMETHEUSES), Prometheus.class);
      alertmanagers =
          follow(alertmanagers, now.serves(ServedKinds.ALERTMANAGERS), Alertmanager.class);
      if (selectionChecked && namespaces.isEmpty()) {
        namespaces = watchNamespaces();
      } else if (!selectionChecked) {
        namespaces = closeAll(namespaces);
      }
      unreadable = null;
    } catch (OperatorException e) {
      // Selected then says it could not be checked, rather than that nothing selects.
      LOG.error("Cannot follow what selects the objects: {}", e.getMessage(), e);
      unreadable = e.getMessage() + ": " + rootCause(e);
      prometheuses = close(prometheuses);
      alertmanagers = close(alertmanagers);
      namespaces = closeAll(namespaces);
    }
    reconcileIn(null);
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName());
  }

  /**
   * Starts or stops the informer of a prometheus-operator kind as the cluster serves it; a change
   * of one's spec (its generation) or labels reconciles every resource, its status does not.
   */
  private <T extends HasMetadata> SharedIndexInformer<T> follow(
      SharedIndexInformer<T> informer, boolean served, Class<T> type) {
    if (served && informer == null) {
      SharedIndexInformer<T> started = client.resources(type).inAnyNamespace().runnableInformer(0);
      started.addEventHandler(
          onChange(
              r -> reconcileIn(null),
              r ->
                  List.of(
                      Objects.requireNonNullElse(r.getMetadata().getGeneration(), 0L),
                      Objects.requireNonNullElse(r.getMetadata().getLabels(), Map.of()))));
      try {
        awaitSynced(started, HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type));
      } catch (OperatorException e) {
        started.close();
        throw e;
      }
      return started;
    }
    return served ? informer : close(informer);
  }

  /** Every namespace, or each watched one by name; a namespace's labels matter to its own only. */
  private List<SharedIndexInformer<Namespace>> watchNamespaces() {
    List<SharedIndexInformer<Namespace>> started = new ArrayList<>();
    List<String> names = watchNamespaces.stream().sorted().toList();
    try {
      for (String name : names.isEmpty() ? List.of("") : names) {
        SharedIndexInformer<Namespace> informer =
            name.isEmpty()
                ? client.namespaces().runnableInformer(0)
                : client.namespaces().withName(name).runnableInformer(0);
        informer.addEventHandler(
            onChange(
                n -> reconcileIn(n.getMetadata().getName()), n -> n.getMetadata().getLabels()));
        started.add(informer);
        awaitSynced(informer, name.isEmpty() ? "namespaces" : "namespace " + name);
      }
    } catch (OperatorException e) {
      closeAll(started);
      throw e;
    }
    return List.copyOf(started);
  }

  private static <T> List<SharedIndexInformer<T>> closeAll(List<SharedIndexInformer<T>> informers) {
    informers.forEach(SharedIndexInformer::close);
    return List.of();
  }

  private static <T> SharedIndexInformer<T> close(SharedIndexInformer<T> informer) {
    if (informer != null) {
      informer.close();
    }
    return null;
  }

  private static void awaitSynced(SharedIndexInformer<?> informer, String what) {
    awaitSynced(informer.start().toCompletableFuture(), what);
  }

  private static void awaitSynced(CompletableFuture<Void> listed, String what) {
    try {
      listed.get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperatorException("interrupted while listing " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new OperatorException("cannot list and watch " + what, e);
    }
  }

  /** Calls action on an add, a delete, or an update that changes what relevant picks out. */
  private static <T> ResourceEventHandler<T> onChange(
      Consumer<T> action, Function<T, Object> relevant) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T added) {
        action.accept(added);
      }

      @Override
      public void onUpdate(T before, T after) {
        if (!Objects.equals(relevant.apply(before), relevant.apply(after))) {
          action.accept(after);
        }
      }

      @Override
      public void onDelete(T deleted, boolean finalStateUnknown) {
        action.accept(deleted);
      }
    };
  }

  /** Reconciles every resource in namespace, or every resource where it is null. */
  private void reconcileIn(String namespace) {
    if (!isRunning()) {
      return;
    }
    primaries()
        .filter(p -> namespace == null || namespace.equals(p.getMetadata().getNamespace()))
        .forEach(this::reconcile);
  }
}
