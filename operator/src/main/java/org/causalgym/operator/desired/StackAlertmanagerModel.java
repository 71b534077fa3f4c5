package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackAlertmanagerSpec;

/**
 * The managed Alertmanager: a Deployment running the plain form's alertmanager.yaml of Secret
 * {@code <name>-alertmanager}, with the keys it reads of every receiver Secret mounted at the path
 * that file names (credentials stay in their Secrets), and its Service on 9093. Alertmanager cannot
 * reload by itself: a checksum of its configuration on the pod template rolls it out when the
 * configuration changes.
 */
public final class StackAlertmanagerModel {

  /** The pod template annotation whose change rolls Alertmanager out with a new configuration. */
  public static final String CONFIG_CHECKSUM = "causal-gym.org/config-checksum";

  static final String CONFIG_DIR = "/etc/alertmanager/config";

  private static final long NOBODY = 65534;
  private static final String DATA = "/alertmanager";

  private StackAlertmanagerModel() {}

  public static Deployment deployment(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    StackAlertmanagerSpec spec = cr.getSpec().stack.alertmanager;
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(StackWorkloads.secret("config", plan.names().plainAlertmanagerConfig()));
    mounts.add(mount("config", CONFIG_DIR));
    volumes.add(StackWorkloads.emptyDir("data"));
    mounts.add(new VolumeMountBuilder().withName("data").withMountPath(DATA).build());
    // Each referenced Secret once, at the directory alertmanager.yaml reads its keys from, with
    // only the keys it reads: the other keys of a shared Secret stay out of the container.
    Map<String, TreeSet<String>> keys = new TreeMap<>();
    plan.receiverSecrets()
        .forEach(
            reference ->
                keys.computeIfAbsent(reference.ref().name, n -> new TreeSet<>())
                    .add(reference.ref().key));
    int i = 0;
    for (Map.Entry<String, TreeSet<String>> secret : keys.entrySet()) {
      String volume = "secret-" + i++;
      volumes.add(StackWorkloads.secret(volume, secret.getKey(), secret.getValue()));
      mounts.add(mount(volume, PlainAlertmanagerConfigModel.SECRETS_DIR + "/" + secret.getKey()));
    }
    return new DeploymentBuilder()
        .withMetadata(
            StackWorkloads.meta(cr, plan.names().stackAlertmanager(), StackWorkloads.ALERTMANAGER))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(StackWorkloads.selector(cr, StackWorkloads.ALERTMANAGER))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(StackWorkloads.labels(cr, StackWorkloads.ALERTMANAGER))
        .withAnnotations(
            Map.of(
                CONFIG_CHECKSUM, StackWorkloads.checksum(PlainAlertmanagerConfigModel.config(cr))))
        .endMetadata()
        .withSpec(
            StackWorkloads.restrictedPod(NOBODY)
                .withContainers(
                    StackWorkloads.container(
                            "alertmanager",
                            spec.image,
                            StackWorkloads.ALERTMANAGER_PORT,
                            "/-/healthy",
                            "/-/ready",
                            StackWorkloads.resources(spec.resources, "10m", "64Mi", "256Mi"))
                        .withArgs(
                            "--config.file="
                                + CONFIG_DIR
                                + "/"
                                + PlainAlertmanagerConfigModel.CONFIG_KEY,
                            "--storage.path=" + DATA,
                            "--web.listen-address=:" + StackWorkloads.ALERTMANAGER_PORT,
                            // One replica: no gossip, and no port opened for it.
                            "--cluster.listen-address=")
                        .withVolumeMounts(mounts)
                        .build())
                .withVolumes(volumes)
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Service service(GymPlan plan) {
    return StackWorkloads.service(
        plan.resource(),
        plan.names().stackAlertmanager(),
        StackWorkloads.ALERTMANAGER,
        StackWorkloads.ALERTMANAGER_PORT);
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
  }
}
