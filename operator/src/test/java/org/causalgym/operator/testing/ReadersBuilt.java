package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The classes a Jackson mapper builds readers for, recorded by a module registered on it. */
public final class ReadersBuilt {

  private final Set<Class<?>> classes = ConcurrentHashMap.newKeySet();

  /** The module that records each class whose reader the mapper builds. */
  public Module module() {
    return new SimpleModule("readers-built")
        .setDeserializerModifier(
            new BeanDeserializerModifier() {
              @Override
              public BeanDeserializerBuilder updateBuilder(
                  DeserializationConfig config,
                  BeanDescription description,
                  BeanDeserializerBuilder builder) {
                classes.add(description.getBeanClass());
                return builder;
              }
            });
  }

  /** The classes recorded so far. */
  public Set<Class<?>> classes() {
    return classes;
  }
}
