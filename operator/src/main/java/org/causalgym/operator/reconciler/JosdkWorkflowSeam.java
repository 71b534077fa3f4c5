package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ResolvedControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceConfigurationResolver;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.config.workflow.WorkflowSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResourceFactory;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.OwnedObject;

/**
 * JOSDK seam: hands JOSDK 5.2.3 the workflow {@link OwnedObjectWorkflow} derives from the registry,
 * and reads back what it reconciled. JOSDK builds workflows from annotations; one built at run time
 * needs its configuration internals: the {@code DependentResourceSpec} constructor (its arity
 * changes between releases), {@code ResolvedControllerConfiguration#setWorkflowSpec}, {@code
 * DependentResourceConfigurationResolver#configureSpecFromConfigured} (to read {@link
 * OwnedResourceDependent}'s annotation), a {@code DependentResourceFactory} (JOSDK would
 * instantiate one class per spec), and {@code WorkflowReconcileResult}.
 */
final class JosdkWorkflowSeam {

  private JosdkWorkflowSeam() {}

  /** Makes the dependent of each registered object, named after its entry. */
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

  /** One dependent per registered object, with the conditions {@link OwnedObjectWorkflow} sets. */
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
                    OwnedObjectWorkflow.reconcilePrecondition(owned).orElse(null),
                    null,
                    OwnedObjectWorkflow.activation(owned).orElse(null),
                    OwnedKindInformers.informerOwner(owned).orElse(null)))
        .toList();
  }

  /**
   * Sets the registry's workflow on the configuration JOSDK derived from the reconciler, invoked
   * explicitly (after validation) and with the dependents' errors left to the reconciler.
   */
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

  /**
   * Runs the workflow; throws what its dependents threw, together, else answers the objects whose
   * dependents reconciled.
   */
  static Set<OwnedObject> reconcile(Context<CausalGymMonitoring> context) {
    WorkflowReconcileResult result =
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    result.throwAggregateExceptionIfErrorsPresent();
    return result.getReconciledDependents().stream()
        .filter(OwnedResourceDependent.class::isInstance)
        .map(d -> ((OwnedResourceDependent<?>) d).owned())
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(OwnedObject.class)));
  }
}
