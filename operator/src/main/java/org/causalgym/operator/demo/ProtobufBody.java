package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * kubectl's protobuf writes of the core kinds its typed commands create (Namespace, ConfigMap,
 * Secret), read into the JSON object the store keeps; the store itself reads JSON only.
 *
 * <p>The envelope and field numbers are Kubernetes' own, at v1.32 (k8s.io/api v0.32, apimachinery
 * v0.32): a body starts with the magic {@code k8s\0} and holds a {@code runtime.Unknown} (typeMeta
 * = 1 with apiVersion = 1 and kind = 2, raw = 2; apimachinery pkg/runtime/generated.proto,
 * serializer/protobuf/protobuf.go); the object in raw follows core/v1/generated.proto and
 * ObjectMeta follows apimachinery pkg/apis/meta/v1/generated.proto. Maps are repeated entries with
 * key = 1 and value = 2; bytes become base64 strings as in JSON.
 */
final class ProtobufBody {

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** How the fields of one kind, past its metadata (field 1), are read. */
  private interface KindFields {
    void read(int field, Reader value, ObjectNode object);
  }

  private static final Map<String, KindFields> KINDS =
      Map.of(
          "Namespace", ProtobufBody::namespaceField,
          "ConfigMap", ProtobufBody::configMapField,
          "Secret", ProtobufBody::secretField);

  private ProtobufBody() {}

  /** Whether a Content-Type names Kubernetes' protobuf encoding. */
  static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.contains("application/vnd.kubernetes.protobuf");
  }

  /**
   * What a body holds: the runtime.Unknown envelope's type and its raw object.
   *
   * @param kind the kind the envelope names, empty where it names none
   */
  record Unknown(String apiVersion, String kind, Reader raw) {

    /**
     * The object as JSON; empty for a kind read here does not know (the caller refuses it as an API
     * server without that kind would).
     *
     * @throws IllegalArgumentException when the object is malformed
     */
    Optional<ObjectNode> toJson() {
      KindFields fields = KINDS.get(kind);
      if (fields == null || raw == null || !"v1".equals(apiVersion)) {
        return Optional.empty();
      }
      ObjectNode object = JSON.objectNode();
      object.put("apiVersion", apiVersion);
      object.put("kind", kind);
      while (raw.more()) {
        int tag = raw.tag();
        if (tag == field(1)) {
          object.set("metadata", objectMeta(raw.message()));
        } else {
          fields.read(tag, raw, object);
        }
      }
      return Optional.of(object);
    }
  }

  /**
   * The envelope of a body; empty when the body does not start with Kubernetes' protobuf magic.
   *
   * @throws IllegalArgumentException when the envelope is malformed
   */
  static Optional<Unknown> read(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      return Optional.empty();
    }
    Reader unknown = new Reader(body, MAGIC.length, body.length);
    String apiVersion = "";
    String kind = "";
    Reader raw = null;
    while (unknown.more()) {
      int tag = unknown.tag();
      if (tag == field(1)) {
        Reader typeMeta = unknown.message();
        while (typeMeta.more()) {
          int inner = typeMeta.tag();
          if (inner == field(1)) {
            apiVersion = typeMeta.string();
          } else if (inner == field(2)) {
            kind = typeMeta.string();
          } else {
            typeMeta.skip(inner);
          }
        }
      } else if (tag == field(2)) {
        raw = unknown.message();
      } else {
        unknown.skip(tag);
      }
    }
    return Optional.of(new Unknown(apiVersion, kind, raw));
  }

  /** A length-delimited field's tag: wire type 2. */
  private static int field(int number) {
    return number << 3 | 2;
  }

  /**
   * ObjectMeta: name 1, generateName 2, namespace 3, resourceVersion 6, labels 11, annotations 12,
   * finalizers 14.
   */
  private static ObjectNode objectMeta(Reader meta) {
    ObjectNode json = JSON.objectNode();
    while (meta.more()) {
      int tag = meta.tag();
      switch (tag >>> 3) {
        case 1 -> json.put("name", meta.string());
        case 2 -> json.put("generateName", meta.string());
        case 3 -> json.put("namespace", meta.string());
        case 6 -> json.put("resourceVersion", meta.string());
        case 11 -> stringEntry(meta.message(), json.withObject("labels"));
        case 12 -> stringEntry(meta.message(), json.withObject("annotations"));
        case 14 -> json.withArray("finalizers").add(meta.string());
        default -> meta.skip(tag);
      }
    }
    return json;
  }

  /** Namespace: spec 2 (finalizers 1); status 3 is the server's. */
  private static void namespaceField(int tag, Reader value, ObjectNode object) {
    if (tag != field(2)) {
      value.skip(tag);
      return;
    }
    Reader spec = value.message();
    ObjectNode json = object.withObject("spec");
    while (spec.more()) {
      int inner = spec.tag();
      if (inner == field(1)) {
        json.withArray("finalizers").add(spec.string());
      } else {
        spec.skip(inner);
      }
    }
  }

  /** ConfigMap: data 2, binaryData 3, immutable 4. */
  private static void configMapField(int tag, Reader value, ObjectNode object) {
    switch (tag >>> 3) {
      case 2 -> stringEntry(value.message(), object.withObject("data"));
      case 3 -> bytesEntry(value.message(), object.withObject("binaryData"));
      case 4 -> object.put("immutable", value.bool(tag));
      default -> value.skip(tag);
    }
  }

  /** Secret: data 2, type 3, stringData 4, immutable 5. */
  private static void secretField(int tag, Reader value, ObjectNode object) {
    switch (tag >>> 3) {
      case 2 -> bytesEntry(value.message(), object.withObject("data"));
      case 3 -> object.put("type", value.string());
      case 4 -> stringEntry(value.message(), object.withObject("stringData"));
      case 5 -> object.put("immutable", value.bool(tag));
      default -> value.skip(tag);
    }
  }

  private static void stringEntry(Reader entry, ObjectNode into) {
    byte[][] keyValue = entry.entry();
    into.put(utf8(keyValue[0]), utf8(keyValue[1]));
  }

  private static void bytesEntry(Reader entry, ObjectNode into) {
    byte[][] keyValue = entry.entry();
    into.put(utf8(keyValue[0]), Base64.getEncoder().encodeToString(keyValue[1]));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The protobuf wire format over a slice of bytes (protobuf.dev/programming-guides/encoding). */
  private static final class Reader {
    private final byte[] bytes;
    private int position;
    private final int end;

    Reader(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.position = start;
      this.end = end;
    }

    boolean more() {
      return position < end;
    }

    int tag() {
      long tag = varint();
      if (tag <= 0 || tag > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("protobuf: a field tag of " + tag);
      }
      return (int) tag;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IllegalArgumentException("protobuf: a varint runs past the end");
        }
        byte b = bytes[position++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("protobuf: a varint longer than ten bytes");
    }

    Reader message() {
      long length = varint();
      if (length < 0 || length > end - position) {
        throw new IllegalArgumentException(
            "protobuf: a field of " + length + " bytes runs past the end");
      }
      Reader inner = new Reader(bytes, position, position + (int) length);
      position += (int) length;
      return inner;
    }

    byte[] bytes() {
      Reader inner = message();
      return Arrays.copyOfRange(bytes, inner.position, inner.end);
    }

    String string() {
      return utf8(bytes());
    }

    boolean bool(int tag) {
      if ((tag & 7) != 0) {
        throw new IllegalArgumentException("protobuf: a bool field of wire type " + (tag & 7));
      }
      return varint() != 0;
    }

    /** A map entry's key (1) and value (2), each empty when absent as proto3 omits defaults. */
    byte[][] entry() {
      byte[][] keyValue = {new byte[0], new byte[0]};
      while (more()) {
        int tag = tag();
        if (tag == field(1)) {
          keyValue[0] = bytes();
        } else if (tag == field(2)) {
          keyValue[1] = bytes();
        } else {
          skip(tag);
        }
      }
      return keyValue;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> message();
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("protobuf: wire type " + (tag & 7));
      }
    }

    private void advance(int count) {
      if (count > end - position) {
        throw new IllegalArgumentException("protobuf: a fixed field runs past the end");
      }
      position += count;
    }
  }
}
