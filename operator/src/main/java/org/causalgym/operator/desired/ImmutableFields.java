package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;

/**
 * The fields of each owned kind that the API server refuses to change in place (422 Invalid): a
 * change there replaces the object (see {@link OwnedFields#immutableAt}). Paths the operator never
 * writes are listed too; they count only where the operator's builder sets them, or where the
 * actual object holds a value the kind's owned fields do not tolerate.
 *
 * <p>Read from kubernetes/kubernetes (the validation functions named beside each entry; the rules
 * are those of v1.32, whose field documentation is k8s.io/api v0.32.0).
 */
public final class ImmutableFields {

  private static final Map<Class<? extends HasMetadata>, String[]> BY_KIND =
      Map.of(
          // pkg/registry/apps/deployment/strategy.go ValidateUpdate: apps/v1 keeps spec.selector
          // ("field is immutable").
          Deployment.class,
          new String[] {"spec.selector"},
          // pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate: only replicas,
          // ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and
          // minReadySeconds may change; the rest of spec is forbidden.
          StatefulSet.class,
          new String[] {
            "spec.selector",
            "spec.serviceName",
            "spec.volumeClaimTemplates",
            "spec.podManagementPolicy",
            "spec.revisionHistoryLimit"
          },
          // pkg/apis/core/validation/validation.go ValidateServiceUpdate: an allocated clusterIP
          // is immutable (ValidateImmutableField).
          Service.class,
          new String[] {"spec.clusterIP"},
          // pkg/apis/rbac/validation/validation.go ValidateRoleBindingUpdate: "cannot change
          // roleRef".
          RoleBinding.class,
          new String[] {"roleRef"},
          // pkg/apis/core/validation/validation.go ValidateConfigMapUpdate: once immutable is
          // true it cannot be unset and data cannot change.
          ConfigMap.class,
          new String[] {"immutable"},
          // pkg/apis/core/validation/validation.go ValidateSecretUpdate: type is immutable, and
          // immutable as for ConfigMaps.
          Secret.class,
          new String[] {"type", "immutable"},
          // grafana-operator v5.24.0 CRD grafanadashboards: CEL rules self == oldSelf on
          // spec.instanceSelector and spec.uid.
          GrafanaDashboard.class,
          new String[] {"spec.instanceSelector", "spec.uid"});

  private ImmutableFields() {}

  /** The immutable paths of a kind, dotted from the object root; none for the others. */
  public static String[] of(Class<? extends HasMetadata> kind) {
    return BY_KIND.getOrDefault(kind, new String[0]).clone();
  }
}
