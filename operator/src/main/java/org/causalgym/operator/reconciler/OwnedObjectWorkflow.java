package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ResolvedControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceConfigurationResolver;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.config.workflow.WorkflowSpec;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResourceFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.OwnedObject;

/**
 * The reconciler's JOSDK workflow, built from the {@link OwnedObject} registry instead of a list of
 * annotations: one {@link OwnedResourceDependent} per registered object, deleted where it can stop
 * being wanted ({@link OwnedObjectCondition#WANTED}), its informer started only where the cluster
 * serves its kind and some resource uses it ({@link #activation}). Invoked explicitly, after
 * validation.
 */
final class OwnedObjectWorkflow {

  private OwnedObjectWorkflow() {}

  /** Makes the dependent of each registered object; JOSDK would instantiate a class per spec. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final DependentResourceFactory FACTORY =
      new DependentResourceFactory() {
        @Override
        public DependentResource createFrom(
            DependentResourceSpec spec, ControllerConfiguration configuration) {
          DependentResource dependent =
              new OwnedResourceDependent<>(OwnedObject.valueOf(spec.getName()));
          configure(dependent, spec, configuration);
          return dependent;
        }

        @Override
        public Class<?> associatedResourceType(DependentResourceSpec spec) {
          return OwnedObject.valueOf(spec.getName()).type();
        }
      };

  /**
   * One dependent per registered object: deleted where it can stop being wanted, its informer
   * started only where the cluster serves its kind.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static List<DependentResourceSpec> specs() {
    return Arrays.stream(OwnedObject.values())
        .<DependentResourceSpec>map(
            owned ->
                new DependentResourceSpec(
                    OwnedResourceDependent.class,
                    owned.name(),
                    Set.of(),
                    null,
                    owned.canBeUnwanted() ? OwnedObjectCondition.WANTED : null,
                    null,
                    activation(owned).orElse(null),
                    informerOwner(owned).orElse(null)))
        .toList();
  }

  /**
   * When JOSDK starts the object's informer: other operators' kinds where the cluster serves them,
   * the kinds only the plain form or a managed stack uses at the first resource that uses them; the
   * rest at start-up.
   */
  static Optional<OwnedObjectCondition> activation(OwnedObject owned) {
    if (owned.isOtherOperatorsKind()) {
      return Optional.of(OwnedObjectCondition.KIND_SERVED);
    }
    if (owned.kindOnlyInPlainFormOrStacks()) {
      return Optional.of(OwnedObjectCondition.KIND_IN_USE);
    }
    return Optional.empty();
  }

  /**
   * The entry whose informer this one shares: the first of the registry with the same kind. The
   * informers of one kind would all list and watch the same label selector and cache every object
   * of that kind once each (four Deployment informers, five ConfigMap ones holding the dashboards
   * JSON five times); JOSDK picks each dependent's object out of the shared cache by the name of
   * its desired object. Not for informers started on activation, which JOSDK 5.2.3 cannot share (a
   * referencing dependent has no informer of its own to register): each such entry has its own,
   * narrowed to its objects where its kind has several ({@link OwnedObject#appNameAmongItsKind}).
   */
  static Optional<String> informerOwner(OwnedObject owned) {
    return Arrays.stream(OwnedObject.values())
        .filter(other -> other.type() == owned.type())
        .findFirst()
        .filter(first -> first != owned && activation(owned).isEmpty())
        .map(OwnedObject::name);
  }

  /** Sets the registry's workflow on the configuration JOSDK derived from the reconciler. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static void install(ControllerConfiguration<CausalGymMonitoring> configuration) {
    List<DependentResourceSpec> specs = specs();
    for (DependentResourceSpec spec : specs) {
      // The informer's label selector, from OwnedResourceDependent's annotation.
      DependentResourceConfigurationResolver.configureSpecFromConfigured(
          spec, configuration, OwnedResourceDependent.class);
    }
    ((ResolvedControllerConfiguration<CausalGymMonitoring>) configuration)
        .setWorkflowSpec(
            new WorkflowSpec() {
              @Override
              public List<DependentResourceSpec> getDependentResourceSpecs() {
                return specs;
              }

              @Override
              public boolean isExplicitInvocation() {
                return true;
              }

              @Override
              public boolean handleExceptionsInReconciler() {
                return false;
              }
            });
  }
}
