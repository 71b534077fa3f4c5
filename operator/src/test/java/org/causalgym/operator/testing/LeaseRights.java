package org.causalgym.operator.testing;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * JOSDK's leader election first asks which verbs it has on Leases (a SelfSubjectRulesReview); the
 * mock API cannot answer that, so it is given what a correctly bound ServiceAccount gets.
 */
public final class LeaseRights {

  private LeaseRights() {}

  public static void grant(KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewMetadata()
                .endMetadata()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("create", "update", "get")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }
}
