package org.causalgym.operator.status;

import org.causalgym.operator.desired.OwnedObject;

/**
 * Why an object of a resource could not be brought to its desired state, where retrying at once
 * would only repeat the refusal: reported in the Ready condition instead of failing the reconcile.
 *
 * @param owned the registered object, or null for one the operator does not own (the Prometheus
 *     volume claim)
 * @param reason Conflict or Refused
 * @param message what is in the way and what to do, naming the object and field; never a value
 */
public record Obstacle(OwnedObject owned, ReadyReason reason, String message) {}
