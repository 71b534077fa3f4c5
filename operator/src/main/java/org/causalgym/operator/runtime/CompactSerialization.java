package org.causalgym.operator.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.AbstractTypeResolver;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.causalgym.operator.desired.JsonMapping;

/**
 * The Kubernetes client's JSON mapping, shaped for the informers' caches, which hold every owned
 * object and resource: each short string value read from the API is held once for the whole process
 * (kinds, label keys and values, images, ports' names, the status' reasons repeat from object to
 * object), the empty map of unknown fields that every Fabric8 model object allocates (some 60 per
 * managed resource) is replaced by one shared empty map and a map of some by an {@link ArrayMap},
 * maps of strings are held in an {@link ArrayMap} too, equal numbers read as Double are held once
 * (the default histogram buckets of every resource), managedFields are not read, and the parsers'
 * buffers are shared by all threads ({@link JsonMapping#BUFFERS}).
 */
public final class CompactSerialization {

  /** Longer strings are mostly unique (dashboards, rule expressions) and not worth a lookup. */
  static final int LONGEST_SHARED = 256;

  private CompactSerialization() {}

  /** The compact mapping, with the modules of a caller that reads some kinds its own way. */
  public static KubernetesSerialization create(Module... readers) {
    ObjectMapper mapper = JsonMapping.mapper();
    mapper.registerModules(readers);
    mapper.registerModule(
        new SimpleModule("shared-strings")
            .addDeserializer(String.class, new SharedStrings())
            .addDeserializer(Double.class, new SharedDoubles())
            .setDeserializerModifier(new CompactModelObjects()));
    mapper.registerModule(
        new SimpleModule("string-maps") {
          @Override
          public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addAbstractTypeResolver(new StringMapsAsArrayMaps());
          }
        });
    mapper.addMixIn(ObjectMeta.class, WithoutManagedFields.class);
    return new KubernetesSerialization(mapper, true);
  }

  /**
   * Leaves out metadata.managedFields on reading, as controller-runtime and client-go's informers
   * do: on a real cluster they are often larger than the rest of the object, and the operator never
   * reads them. Its updates send none, and the API server keeps an object's managedFields when an
   * update omits them.
   */
  @JsonIgnoreProperties(value = "managedFields", allowGetters = true)
  private abstract static class WithoutManagedFields {}

  /**
   * Wraps the deserializer of each Fabric8 model class (the classes with additionalProperties) so
   * that an object read without unknown fields shares one immutable empty map, and that of each map
   * of strings (labels, annotations, selectors, data) so that it is read into an {@link ArrayMap}.
   * Nothing adds unknown fields to an object once read: Jackson fills them while reading, and
   * builders copy the map.
   */
  private static final class CompactModelObjects extends BeanDeserializerModifier {

    /**
     * Jackson reads a list into an ArrayList of ten slots however few it holds (an owner reference,
     * a container, its ports); the list is trimmed to its size once read, still mutable.
     */
    @Override
    public JsonDeserializer<?> modifyCollectionDeserializer(
        DeserializationConfig config,
        CollectionType type,
        BeanDescription description,
        JsonDeserializer<?> reader) {
      return new TrimmedLists(reader);
    }

    @Override
    public JsonDeserializer<?> modifyDeserializer(
        DeserializationConfig config, BeanDescription description, JsonDeserializer<?> reader) {
      Class<?> type = description.getBeanClass();
      if (GenericKubernetesResource.class.isAssignableFrom(type)) {
        // Its map is its content, which code may fill after reading.
        return reader;
      }
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle get =
            lookup.findVirtual(type, "getAdditionalProperties", MethodType.methodType(Map.class));
        MethodHandle set =
            lookup.findVirtual(
                type, "setAdditionalProperties", MethodType.methodType(void.class, Map.class));
        return new CompactUnknownFields(reader, get, set);
      } catch (NoSuchMethodException | IllegalAccessException notAModelClass) {
        return reader;
      }
    }
  }

  /** A list's deserializer that trims the ArrayList it reads to its size. */
  private static final class TrimmedLists extends DelegatingDeserializer {

    TrimmedLists(JsonDeserializer<?> reader) {
      super(reader);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> reader) {
      return new TrimmedLists(reader);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Object read = super.deserialize(parser, context);
      if (read instanceof ArrayList<?> list) {
        list.trimToSize();
      }
      return read;
    }
  }

  /**
   * A model class' deserializer that hands out objects without unknown fields sharing one map, and
   * those with some (the digest of a spec, fields newer than the model) holding them in an {@link
   * ArrayMap}: Jackson's LinkedHashMap of one entry takes some 170 bytes, the ArrayMap 50.
   */
  private static final class CompactUnknownFields extends DelegatingDeserializer {

    private final MethodHandle get;
    private final MethodHandle set;

    CompactUnknownFields(JsonDeserializer<?> reader, MethodHandle get, MethodHandle set) {
      super(reader);
      this.get = get;
      this.set = set;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> reader) {
      return new CompactUnknownFields(reader, get, set);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Object read = super.deserialize(parser, context);
      if (read != null) {
        try {
          Map<?, ?> unknown = (Map<?, ?>) get.invoke(read);
          if (unknown != null && unknown.isEmpty()) {
            set.invoke(read, Map.of());
          } else if (unknown != null && !(unknown instanceof ArrayMap)) {
            ArrayMap<Object, Object> compact = new ArrayMap<>();
            compact.putAll(unknown);
            set.invoke(read, compact);
          }
        } catch (Throwable e) {
          throw new IllegalStateException(
              "cannot compact the unknown fields of " + read.getClass(), e);
        }
      }
      return read;
    }
  }

  /**
   * Reads each property declared as a map of strings (labels, annotations, selectors, data) into an
   * {@link ArrayMap} where Jackson would make a LinkedHashMap. Only the declared interface is
   * mapped: a property declared with a concrete map class gets that class.
   */
  private static final class StringMapsAsArrayMaps extends AbstractTypeResolver {

    @Override
    public JavaType findTypeMapping(DeserializationConfig config, JavaType type) {
      if (type.getRawClass() == Map.class
          && type.getKeyType().hasRawClass(String.class)
          && type.getContentType().hasRawClass(String.class)) {
        return config
            .getTypeFactory()
            .constructMapType(ArrayMap.class, type.getKeyType(), type.getContentType());
      }
      return null;
    }
  }

  /**
   * Jackson's own reading of a Double, equal values held once while the table has room: a
   * resource's defaults (its histogram buckets, its thresholds) repeat from resource to resource.
   */
  private static final class SharedDoubles extends StdScalarDeserializer<Double> {

    /** Values beyond these are mostly unique and read as they are; the table never grows past. */
    private static final int MOST_HELD = 1024;

    private static final JsonDeserializer<Double> JACKSONS =
        new NumberDeserializers.DoubleDeserializer(Double.class, null);

    private final Map<Double, Double> held = new ConcurrentHashMap<>();

    SharedDoubles() {
      super(Double.class);
    }

    @Override
    public Double deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Double value = JACKSONS.deserialize(parser, context);
      if (value == null) {
        return null;
      }
      Double shared = held.get(value);
      if (shared != null) {
        return shared;
      }
      if (held.size() < MOST_HELD) {
        shared = held.putIfAbsent(value, value);
      }
      return shared == null ? value : shared;
    }
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
