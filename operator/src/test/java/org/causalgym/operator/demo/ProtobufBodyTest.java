package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bodies kubectl would not send: each read as nothing or refused with what is wrong. */
class ProtobufBodyTest {

  @Test
  void aBodyWithoutTheMagicIsNotKubernetesProtobuf() {
    assertThat(json("{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(json(new byte[] {'k', '8'})).isEmpty();
  }

  @Test
  void aFieldLongerThanTheBodyIsRefused() {
    byte[] body = {'k', '8', 's', 0, 0x0a, 0x7f, 0x0a};

    assertThatThrownBy(() -> json(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs past the end");
  }

  @Test
  void aNamespaceIsReadWithItsLabelsAndAnOtherKindIsNamed() {
    byte[] label = message(field(1, "team"), field(2, "causal"));
    byte[] meta = message(field(1, "lab"), lengthDelimited(11, label));
    byte[] namespace = message(lengthDelimited(1, meta));
    byte[] body = unknown("Namespace", namespace);

    assertThat(json(body))
        .hasValueSatisfying(
            json ->
                assertThat(json.toString())
                    .isEqualTo(
                        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                            + "\"metadata\":{\"name\":\"lab\",\"labels\":{\"team\":\"causal\"}}}"));
    assertThat(json(unknown("Pod", namespace))).isEmpty();
    assertThat(
            ProtobufBody.read(unknown("Pod", namespace))
                .map(ProtobufBody.Unknown::kind)
                .orElseThrow())
        .isEqualTo("Pod");
  }

  private static Optional<ObjectNode> json(byte[] body) {
    return ProtobufBody.read(body).flatMap(ProtobufBody.Unknown::toJson);
  }

  private static byte[] unknown(String kind, byte[] raw) {
    byte[] typeMeta = message(field(1, "v1"), field(2, kind));
    return message(
        new byte[] {'k', '8', 's', 0}, lengthDelimited(1, typeMeta), lengthDelimited(2, raw));
  }

  private static byte[] field(int number, String value) {
    return lengthDelimited(number, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] lengthDelimited(int number, byte[] value) {
    // Lengths and tags here stay below 128, so each is one varint byte.
    return message(new byte[] {(byte) (number << 3 | 2), (byte) value.length}, value);
  }

  private static byte[] message(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
