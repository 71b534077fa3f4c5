package org.causalgym.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The run command's options are refused by name when malformed, before anything starts. */
class RunCommandOptionsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "shard=a",
        "shard==a",
        "shard!=a",
        "shard",
        "!canary",
        "team in (x, y),tier notin (db)",
        "example.org/shard=a,env=",
        " shard = a "
      })
  void labelSelectorsAsKubectlTakesThemAreAccepted(String selector) {
    assertThat(new RunCommand.LabelSelectorOption().convert(selector)).isEqualTo(selector.strip());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"shard=a b", "=a", "shard in x", "shard in (a", "a,,b", "shard>3", "-bad=1"})
  void malformedLabelSelectorsAreRefusedNamingTheRequirement(String selector) {
    assertThatThrownBy(() -> new RunCommand.LabelSelectorOption().convert(selector))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("is not a label selector requirement");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "ten", ""})
  void reconcileThreadsMustBeAboveZero(String threads) {
    assertThatThrownBy(() -> new RunCommand.PositiveInteger().convert(threads))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("is not a number above zero");
  }

  @Test
  void thePrometheusUrlAllowListDefaultsToInClusterServiceNames() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs();
    assertThat(run.prometheusUrlAllow).hasToString("*.svc, *.svc.cluster.local");
    assertThat(run.prometheusUrlAllow.refusal(URI.create("http://169.254.169.254"))).isPresent();
  }

  @Test
  void thePrometheusUrlAllowListIsTakenFromTheFlag() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--prometheus-url-allow", "10.0.0.0/8,prometheus.example.org");
    assertThat(run.prometheusUrlAllow.refusal(URI.create("http://10.1.2.3:9090"))).isEmpty();
    assertThat(run.prometheusUrlAllow.refusal(URI.create("http://gym.lab.svc:9090"))).isPresent();
  }

  @Test
  void aMalformedAllowListEntryIsRefusedAtStartByName() {
    assertThatThrownBy(
            () ->
                new CommandLine(new RunCommand())
                    .parseArgs("--prometheus-url-allow", "*.svc,http://prometheus:9090"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'http://prometheus:9090' in the Prometheus URL allow-list");
  }

  @ParameterizedTest
  @ValueSource(strings = {"16Mi:16777216", "512Ki:524288", "1Gi:1073741824", "1000000:1000000"})
  void responseSizesTakeBytesOrBinarySuffixes(String sizeAndBytes) {
    String[] parts = sizeAndBytes.split(":");
    assertThat(new RunCommand.ByteSize().convert(parts[0])).isEqualTo(Long.parseLong(parts[1]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "16MB", "-1", "", "1.5Mi"})
  void malformedResponseSizesAreRefused(String size) {
    assertThatThrownBy(() -> new RunCommand.ByteSize().convert(size))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("is not a size above zero");
  }
}
