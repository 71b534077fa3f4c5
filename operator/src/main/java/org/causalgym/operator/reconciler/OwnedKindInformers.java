package org.causalgym.operator.reconciler;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ResourceLabels;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.desired.StackWorkloads;
import org.causalgym.operator.desired.WantedWhen.Requires;

/**
 * When the informer of a registry entry's kind runs and what it watches, read from the entry's
 * requirements: the rules only the workflow needs, kept out of the desired state.
 */
final class OwnedKindInformers {

  /** What only the plain form or a managed stack asks for. */
  private static final Set<Requires> PLAIN_FORM_OR_STACK =
      Set.of(
          Requires.PLAIN_FORM,
          Requires.MANAGED_STACK,
          Requires.MANAGED_PROMETHEUS_EPHEMERAL,
          Requires.MANAGED_PROMETHEUS_PERSISTENT,
          Requires.MANAGED_GRAFANA_GENERATED_ADMIN);

  /**
   * {@link #cachedBy} of each entry, worked out once: it is asked on every lookup of an object, and
   * the registry does not change.
   */
  private static final Map<OwnedObject, List<OwnedObject>> CACHED_BY =
      Arrays.stream(OwnedObject.values())
          .collect(
              Collectors.toMap(
                  Function.identity(),
                  OwnedKindInformers::sharing,
                  (a, b) -> a,
                  () -> new EnumMap<>(OwnedObject.class)));

  private OwnedKindInformers() {}

  /**
   * Whether the cluster serves the entry's kind, where it is another operator's: JOSDK starts the
   * object's informer only then.
   */
  static boolean served(OwnedObject owned, ServedKinds served) {
    return switch (owned.wantedWhen().requires()) {
      case PROMETHEUS_OPERATOR -> served.prometheusOperator();
      case DASHBOARDS_AS_GRAFANA_DASHBOARD -> served.grafanaOperator();
      default -> true;
    };
  }

  /** Whether the entry's kind is another operator's, which a cluster may or may not serve. */
  static boolean otherOperatorsKind(OwnedObject owned) {
    Requires requires = owned.wantedWhen().requires();
    return requires == Requires.PROMETHEUS_OPERATOR
        || requires == Requires.DASHBOARDS_AS_GRAFANA_DASHBOARD;
  }

  /**
   * Whether only the plain form or a managed stack uses the entry's kind (ServiceAccount, Role,
   * RoleBinding, StatefulSet, Secret): a cluster with the prometheus-operator none of whose
   * resources runs a managed stack never holds one.
   */
  static boolean onlyInPlainFormOrStacks(OwnedObject owned) {
    return Arrays.stream(OwnedObject.values())
        .filter(other -> other.type() == owned.type())
        .allMatch(other -> PLAIN_FORM_OR_STACK.contains(other.wantedWhen().requires()));
  }

  /** Whether this plan wants some object of the entry's kind. */
  static boolean kindWanted(OwnedObject owned, GymPlan plan) {
    return Arrays.stream(OwnedObject.values())
        .filter(other -> other.type() == owned.type())
        .anyMatch(other -> other.decision(plan).wanted());
  }

  /**
   * The app.kubernetes.io/name label that tells this entry's objects from those of the other
   * entries of its kind, where its kind has several entries that are not always wanted (the Secrets
   * of the plain form's Alertmanager and of the managed Grafana); empty for the others.
   */
  static Optional<String> appNameAmongItsKind(OwnedObject owned) {
    return switch (owned) {
      case PLAIN_ALERTMANAGER_CONFIG -> Optional.of(ResourceLabels.APP_NAME);
      case STACK_GRAFANA_ADMIN_SECRET -> Optional.of(StackWorkloads.GRAFANA);
      default -> Optional.empty();
    };
  }

  /**
   * The entry whose informer this one shares: the first of the registry with the same kind. The
   * informers of one kind would all list and watch the same label selector and cache every object
   * of that kind once each (four Deployment informers, five ConfigMap ones holding the dashboards
   * JSON five times); JOSDK picks each dependent's object out of the shared cache by the name of
   * its desired object. Not for informers started on activation, which JOSDK 5.2.3 cannot share (a
   * referencing dependent has no informer of its own to register): each such entry has its own,
   * narrowed to its objects where its kind has several ({@link #appNameAmongItsKind}).
   */
  static Optional<String> informerOwner(OwnedObject owned) {
    return Arrays.stream(OwnedObject.values())
        .filter(other -> other.type() == owned.type())
        .findFirst()
        .filter(
            first ->
                first != owned && !otherOperatorsKind(owned) && !onlyInPlainFormOrStacks(owned))
        .map(OwnedObject::name);
  }

  /**
   * The entries whose objects the entry's informer caches: the entry itself and those that share
   * its informer ({@link #informerOwner}).
   */
  static List<OwnedObject> cachedBy(OwnedObject informer) {
    return CACHED_BY.get(informer);
  }

  private static List<OwnedObject> sharing(OwnedObject informer) {
    return Arrays.stream(OwnedObject.values())
        .filter(
            owned ->
                owned == informer
                    || informerOwner(owned).filter(informer.name()::equals).isPresent())
        .toList();
  }
}
