package org.causalgym.operator.bench.webpage;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The JOSDK webpage sample's resource, reconstructed from java-operator-sdk v5.2.3's
 * sample-operators/webpage/src/main/java/io/javaoperatorsdk/operator/sample/customresource/
 * (WebPage.java, WebPageSpec.java, WebPageStatus.java); the spec and status are nested here, their
 * JSON is the same.
 */
@Group("sample.javaoperatorsdk")
@Version("v1")
public class WebPage extends CustomResource<WebPage.Spec, WebPage.Status> implements Namespaced {

  /** The page's HTML, and whether an Ingress exposes it. */
  public static class Spec {
    private String html;
    private Boolean exposed = false;

    public String getHtml() {
      return html;
    }

    public void setHtml(String html) {
      this.html = html;
    }

    public Boolean getExposed() {
      return exposed;
    }

    public void setExposed(Boolean exposed) {
      this.exposed = exposed;
    }
  }

  /** The ConfigMap holding the page once reconciled, or why it is not. */
  public static class Status {
    private String htmlConfigMap;
    private Boolean areWeGood;
    private String errorMessage;

    public String getHtmlConfigMap() {
      return htmlConfigMap;
    }

    public void setHtmlConfigMap(String htmlConfigMap) {
      this.htmlConfigMap = htmlConfigMap;
    }

    public Boolean getAreWeGood() {
      return areWeGood;
    }

    public void setAreWeGood(Boolean areWeGood) {
      this.areWeGood = areWeGood;
    }

    public String getErrorMessage() {
      return errorMessage;
    }

    public void setErrorMessage(String errorMessage) {
      this.errorMessage = errorMessage;
    }
  }
}
