package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Fabric8 CRUD store with each object also found by its name, so that reading or writing one
 * named object does not scan every stored object, as an API server's storage does not: it keys an
 * object by prefix, namespace and name (k8s.io/apiserver pkg/registry/generic/registry/store.go,
 * NamespaceKeyFunc, v1.32) and reads that one key.
 *
 * <p>Fabric8's store (KubernetesCrudDispatcher and AttributeSet at 7.5.2) finds an object by
 * testing every stored key against the request's attributes. A request naming its object carries a
 * {@code name} attribute of type WITH, which a key satisfies only by holding an equal attribute
 * (AttributeSet.satisfiesAttribute: {@code attributes.containsValue}; Attribute.equals compares key
 * and values): so the keys holding that attribute are the only candidates, and the store's own
 * {@code matches} still decides among them, in the store's order. Everything else (lists, watches,
 * deletes, selectors on the name) is the store's own code, unchanged.
 */
public class NameIndexedStore extends KubernetesCrudDispatcher {

  private static final String NAME = KubernetesAttributesExtractor.NAME;

  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;

  /**
   * The stored entries by their name attribute, each list in the store's (LinkedHashMap) order.
   * Written only where the store writes, under its write lock; read without it, so each list is
   * immutable and replaced whole.
   */
  private final Map<Attribute, List<Map.Entry<AttributeSet, String>>> byName =
      new ConcurrentHashMap<>();

  /**
   * Every write of the store ends here (POST, PUT, PATCH and the deletion of each object): the
   * index follows it before the watchers hear of it, so that whoever reads on a watch event reads
   * what the event told.
   */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathKey,
      AttributeSet oldKey,
      GenericKubernetesResource resource,
      String json) {
    AttributeSet newKey = json == null ? null : storedKey(pathKey, resource, json);
    if (oldKey != null) {
      unindex(oldKey);
    }
    if (newKey != null) {
      index(newKey, json);
    }
    super.processEvent(path, pathKey, oldKey, resource, json);
    if (newKey != null && !map.containsKey(newKey)) {
      // The key is derived as the store derives it; a Fabric8 release that derives it otherwise
      // must fail loudly here, not leave an object that named reads cannot find.
      throw new IllegalStateException("the store keeps " + newKey + " under another key");
    }
  }

  /**
   * The key the store puts json under (KubernetesCrudDispatcher.processEvent at 7.5.2): the
   * resource's attributes, with the path's where they name no plural.
   */
  private AttributeSet storedKey(
      AttributeSet pathKey, GenericKubernetesResource resource, String json) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet key =
        resource != null ? extractor.extract(resource) : extractor.fromResource(json);
    return key.containsKey(PLURAL) ? key : AttributeSet.merge(pathKey, key);
  }

  private void unindex(AttributeSet key) {
    Attribute name = key.getAttribute(NAME);
    if (name != null) {
      byName.computeIfPresent(
          name,
          (n, entries) -> {
            List<Map.Entry<AttributeSet, String>> kept = new ArrayList<>(entries);
            kept.removeIf(e -> e.getKey().equals(key));
            return kept.isEmpty() ? null : List.copyOf(kept);
          });
    }
  }

  /** As LinkedHashMap.put: a key already held keeps its place, a new one goes last. */
  private void index(AttributeSet key, String json) {
    Attribute name = key.getAttribute(NAME);
    if (name == null) {
      return;
    }
    byName.compute(
        name,
        (n, entries) -> {
          List<Map.Entry<AttributeSet, String>> updated =
              entries == null ? new ArrayList<>() : new ArrayList<>(entries);
          Map.Entry<AttributeSet, String> entry = Map.entry(key, json);
          int held = indexOf(updated, key);
          if (held >= 0) {
            updated.set(held, entry);
          } else {
            updated.add(entry);
          }
          return List.copyOf(updated);
        });
  }

  private static int indexOf(List<Map.Entry<AttributeSet, String>> entries, AttributeSet key) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).getKey().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** The handlers' lookup of the object a write names. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    List<Map.Entry<AttributeSet, String>> candidates = candidates(query);
    if (candidates == null) {
      return super.findResource(query);
    }
    return firstMatch(candidates, query).orElse(null);
  }

  /**
   * A read of one named object: the store's answer (its first match, else 404) from the index.
   * Watches, and paths that only might be watches, go to the store.
   */
  @Override
  public MockResponse handleGet(String path) {
    AttributeSet query = path.contains("watch") ? null : attributeExtractor.fromPath(path);
    List<Map.Entry<AttributeSet, String>> candidates = query == null ? null : candidates(query);
    if (candidates == null) {
      return super.handleGet(path);
    }
    return firstMatch(candidates, query)
        .map(
            e ->
                new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(e.getValue()))
        .orElseGet(() -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND));
  }

  /** The only entries that can match query, or null where it names no one object. */
  private List<Map.Entry<AttributeSet, String>> candidates(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH) {
      return null;
    }
    return byName.getOrDefault(name, List.of());
  }

  /** The store's own test, in its order: its first key matching query. */
  private static Optional<Map.Entry<AttributeSet, String>> firstMatch(
      List<Map.Entry<AttributeSet, String>> candidates, AttributeSet query) {
    return candidates.stream().filter(e -> e.getKey().matches(query)).findFirst();
  }

  @Override
  public void reset() {
    super.reset();
    byName.clear();
  }
}
