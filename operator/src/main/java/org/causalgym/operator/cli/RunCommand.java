package org.causalgym.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.causalgym.operator.api.PrometheusDuration;
import org.causalgym.operator.observe.PollSettings;
import org.causalgym.operator.observe.UrlPolicy;
import org.causalgym.operator.promql.PromqlDuration;
import org.causalgym.operator.reconciler.CausalGymOperator;
import org.causalgym.operator.runtime.ClientCompilerOnly;
import org.causalgym.operator.runtime.ClientConfiguration;
import org.causalgym.operator.runtime.OperatorEndpoints;
import org.causalgym.operator.runtime.OperatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The run command: reconciles CausalGymMonitoring resources of the cluster until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Reconcile CausalGymMonitoring resources against the cluster of the in-cluster"
            + " configuration or of KUBECONFIG, until SIGTERM. Logs: LOG_LEVEL, LOG_FORMAT=json|text.")
public class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--http-port",
      defaultValue = "${env:HTTP_PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics (env HTTP_PORT, default 8080).")
  int httpPort;

  @Option(
      names = "--watch-namespaces",
      defaultValue = "${env:WATCH_NAMESPACES:-}",
      description =
          "Comma-separated namespaces to watch; empty watches all (env WATCH_NAMESPACES).")
  String watchNamespaces;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:LEADER_ELECTION_NAMESPACE:-}",
      description =
          "Namespace of the leader-election Lease; empty runs without leader election"
              + " (env LEADER_ELECTION_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--prometheus-poll-interval",
      defaultValue = "${env:PROMETHEUS_POLL_INTERVAL:-60s}",
      converter = PositiveDuration.class,
      description =
          "How often each Prometheus named in spec.prometheus.url is polled, e.g. 30s or 2m"
              + " (env PROMETHEUS_POLL_INTERVAL, default 60s).")
  Duration prometheusPollInterval;

  @Option(
      names = "--prometheus-url-allow",
      defaultValue = "${env:PROMETHEUS_URL_ALLOW:-" + UrlPolicy.DEFAULT + "}",
      converter = UrlPolicyOption.class,
      description =
          "Comma-separated hosts, *.patterns (one or more labels), IP addresses and CIDRs that a"
              + " spec.prometheus.url may name; DNS names are matched as names, not resolved. *"
              + " alone allows every URL (unsafe: any resource author can then make the operator"
              + " fetch any address it reaches). Env PROMETHEUS_URL_ALLOW, default "
              + UrlPolicy.DEFAULT
              + ".")
  UrlPolicy prometheusUrlAllow;

  /** The allow-list, refused at start by the entry that is malformed. */
  static final class UrlPolicyOption implements CommandLine.ITypeConverter<UrlPolicy> {
    @Override
    public UrlPolicy convert(String value) {
      try {
        return UrlPolicy.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Option(
      names = "--prometheus-poll-timeout",
      defaultValue = "${env:PROMETHEUS_POLL_TIMEOUT:-10s}",
      converter = PositiveDuration.class,
      description =
          "Deadline of one poll of one Prometheus: connect, headers and the whole body"
              + " (env PROMETHEUS_POLL_TIMEOUT, default 10s).")
  Duration prometheusPollTimeout;

  @Option(
      names = "--prometheus-max-response-bytes",
      defaultValue = "${env:PROMETHEUS_MAX_RESPONSE_BYTES:-16Mi}",
      converter = ByteSize.class,
      description =
          "The most bytes read of one Prometheus answer, e.g. 16Mi or 1000000"
              + " (env PROMETHEUS_MAX_RESPONSE_BYTES, default 16Mi).")
  long prometheusMaxResponseBytes;

  @Option(
      names = "--prometheus-poll-threads",
      defaultValue = "${env:PROMETHEUS_POLL_THREADS:-4}",
      converter = PositiveInteger.class,
      description =
          "How many Prometheus servers are polled at once (env PROMETHEUS_POLL_THREADS, default"
              + " 4).")
  int prometheusPollThreads;

  @Option(
      names = "--selector",
      defaultValue = "${env:WATCH_SELECTOR:-}",
      converter = LabelSelectorOption.class,
      description =
          "Reconcile only the resources this label selector matches, as kubectl -l takes it"
              + " (shard=a, tier in (x,y), !canary); empty reconciles all. Instances with disjoint"
              + " selectors split a cluster; each has its own Lease (env WATCH_SELECTOR).")
  String selector;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:RECONCILE_THREADS:-10}",
      converter = PositiveInteger.class,
      description =
          "How many resources are reconciled at once (env RECONCILE_THREADS, default 10).")
  int reconcileThreads;

  /**
   * A label selector as the API server takes it: comma-separated requirements, each key, !key,
   * key=value, key==value, key!=value, key in (v1,v2) or key notin (v1,v2). Refused here, by the
   * option's name, rather than by the API server as a failed list at start-up.
   */
  static final class LabelSelectorOption implements CommandLine.ITypeConverter<String> {
    private static final String KEY =
        "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
    private static final String VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
    private static final Pattern REQUIREMENT =
        Pattern.compile(
            "!?"
                + KEY
                + "|"
                + KEY
                + "\\s*(=|==|!=)\\s*"
                + VALUE
                + "|"
                + KEY
                + "\\s+(in|notin)\\s+\\(\\s*"
                + VALUE
                + "(\\s*,\\s*"
                + VALUE
                + ")*\\s*\\)");

    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        return "";
      }
      // Commas separate requirements, except inside a set's parentheses.
      for (String requirement : value.strip().split(",(?![^(]*\\))")) {
        if (!REQUIREMENT.matcher(requirement.strip()).matches()) {
          throw new CommandLine.TypeConversionException(
              "'"
                  + requirement.strip()
                  + "' is not a label selector requirement (key, !key, key=value, key!=value,"
                  + " key in (a,b), key notin (a,b))");
        }
      }
      return value.strip();
    }
  }

  /** A whole number above zero. */
  static final class PositiveInteger implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int number = Integer.parseInt(value.strip());
        if (number > 0) {
          return number;
        }
      } catch (NumberFormatException notANumber) {
        // Answered below.
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a number above zero");
    }
  }

  /** A byte count above zero: plain bytes or with a binary suffix, Ki, Mi or Gi. */
  static final class ByteSize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      var matcher = Pattern.compile("([0-9]{1,12})(Ki|Mi|Gi)?").matcher(value.strip());
      if (matcher.matches()) {
        int shift =
            matcher.group(2) == null
                ? 0
                : switch (matcher.group(2)) {
                  case "Ki" -> 10;
                  case "Mi" -> 20;
                  default -> 30;
                };
        long bytes = Long.parseLong(matcher.group(1)) << shift;
        if (bytes > 0) {
          return bytes;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a size above zero such as 16Mi, 512Ki or 1000000");
    }
  }

  /** A Prometheus-style duration (30s, 2m, 1h30m) that is more than zero. */
  static final class PositiveDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.strip();
      return Optional.of(text)
          .filter(t -> t.matches(PrometheusDuration.SCRAPE_PATTERN))
          .flatMap(PromqlDuration::parse)
          .filter(d -> !d.isZero())
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "'" + value + "' is not a positive duration such as 30s, 2m or 1h"));
    }
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    ClientCompilerOnly.applyInBackground();
    AtomicBoolean stopping = new AtomicBoolean();
    OperatorOptions options =
        new OperatorOptions(
                namespaces(watchNamespaces),
                leaseNamespace,
                reason -> {
                  if (!stopping.get()) {
                    // A restart puts this instance back in line for the Lease, or re-lists from
                    // scratch.
                    LOG.error("Exiting so that Kubernetes restarts this pod: {}", reason);
                    System.exit(1);
                  }
                })
            .withPrometheusPoll(
                PollSettings.defaults()
                    .withInterval(prometheusPollInterval)
                    .withUrlPolicy(prometheusUrlAllow)
                    .withTimeout(prometheusPollTimeout)
                    .withMaxResponseBytes(prometheusMaxResponseBytes)
                    .withThreads(prometheusPollThreads))
            .withReconcileThreads(reconcileThreads)
            .withLabelSelector(selector);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(ClientConfiguration.autoConfigured())
            .withKubernetesSerialization(CausalGymOperator.serialization())
            .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator = CausalGymOperator.create(client, options, registry);
    OperatorEndpoints endpoints =
        new OperatorEndpoints(
            new InetSocketAddress(httpPort),
            () ->
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  LOG.info("Stopping on signal");
                  operator.stop();
                  endpoints.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    LOG.info(
        "Starting: namespaces {}, leader election {}, health and metrics on port {},"
            + " Prometheus polled every {} at URLs allowed by {}, {} reconcile threads, resources {}",
        options.watchNamespaces().isEmpty() ? "all" : options.watchNamespaces(),
        options.leaderElection() ? "in " + options.leaseNamespace() : "off",
        endpoints.port(),
        options.prometheusPoll().interval(),
        options.prometheusPoll().urlPolicy(),
        options.reconcileThreads(),
        options.labelSelector().isEmpty() ? "all" : "matching " + options.labelSelector());
    try {
      operator.start();
    } catch (OperatorException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      LOG.error(
          "The operator could not start against {}: {} ({})",
          client.getMasterUrl(),
          e.getMessage(),
          cause.toString());
      return 1;
    }
    stopped.await();
    return 0;
  }

  static Set<String> namespaces(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
