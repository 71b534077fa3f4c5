package org.causalgym.operator.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * The Kubernetes client's JSON mapping with each short string value read from the API held once for
 * the whole process. The informers cache every owned object and resource, and most of their strings
 * repeat from object to object (kinds, label keys and values, images, ports' names, the status'
 * reasons): held once each, they cost memory once, not once per managed resource.
 */
public final class CompactSerialization {

  /** Longer strings are mostly unique (dashboards, rule expressions) and not worth a lookup. */
  static final int LONGEST_SHARED = 256;

  private CompactSerialization() {}

  public static KubernetesSerialization create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(
        new SimpleModule("shared-strings").addDeserializer(String.class, new SharedStrings()));
    return new KubernetesSerialization(mapper, true);
  }

  /** Jackson's own string reading, the result interned when it is short. */
  private static final class SharedStrings extends StdScalarDeserializer<String> {

    SharedStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      // The JVM's string table holds its entries weakly: a string no object uses any more goes.
      return value != null && value.length() <= LONGEST_SHARED ? value.intern() : value;
    }
  }
}
