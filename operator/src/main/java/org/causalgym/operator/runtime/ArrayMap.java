package org.causalgym.operator.runtime;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An insertion-ordered map held in one array of keys and values, for the maps the Kubernetes client
 * reads into the informers' caches: labels, annotations, selectors and data hold a handful of
 * entries each, some fifty per managed resource. A LinkedHashMap of four entries takes about 300
 * bytes (the map, a 16-slot table and an entry object each), this one about 70. Lookups are linear,
 * which for so few entries costs less than hashing. Mutable like the map it stands for, since code
 * may change a copy it read; not safe for concurrent writers, as LinkedHashMap is not.
 */
public final class ArrayMap<K, V> extends AbstractMap<K, V> {

  private static final Object[] EMPTY = {};

  /** Keys at even indexes, each followed by its value; exactly as long as the entries need. */
  private Object[] entries = EMPTY;

  /** Changes in size, for iterators to fail fast as the JDK's maps do. */
  private int modifications;

  /** Jackson's MapDeserializer makes one with this constructor, then puts each entry. */
  public ArrayMap() {}

  @Override
  public int size() {
    return entries.length / 2;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int at = indexOf(key);
    return at < 0 ? null : (V) entries[at + 1];
  }

  @Override
  @SuppressWarnings("unchecked")
  public V put(K key, V value) {
    int at = indexOf(key);
    if (at >= 0) {
      V previous = (V) entries[at + 1];
      entries[at + 1] = value;
      return previous;
    }
    Object[] grown = Arrays.copyOf(entries, entries.length + 2);
    grown[entries.length] = key;
    grown[entries.length + 1] = value;
    entries = grown;
    modifications++;
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V remove(Object key) {
    int at = indexOf(key);
    if (at < 0) {
      return null;
    }
    V previous = (V) entries[at + 1];
    removeAt(at);
    return previous;
  }

  @Override
  public void clear() {
    entries = EMPTY;
    modifications++;
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return ArrayMap.this.size();
      }

      @Override
      public Iterator<Entry<K, V>> iterator() {
        return new EntryIterator();
      }
    };
  }

  private int indexOf(Object key) {
    for (int i = 0; i < entries.length; i += 2) {
      if (Objects.equals(entries[i], key)) {
        return i;
      }
    }
    return -1;
  }

  private void removeAt(int at) {
    Object[] shrunk = new Object[entries.length - 2];
    System.arraycopy(entries, 0, shrunk, 0, at);
    System.arraycopy(entries, at + 2, shrunk, at, entries.length - at - 2);
    entries = shrunk;
    modifications++;
  }

  /** The entries in insertion order; setValue and remove write through. */
  private final class EntryIterator implements Iterator<Entry<K, V>> {
    private int next;
    private int last = -1;
    private int expected = modifications;

    @Override
    public boolean hasNext() {
      return next < entries.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Entry<K, V> next() {
      if (expected != modifications) {
        throw new ConcurrentModificationException();
      }
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      last = next;
      next += 2;
      int at = last;
      K key = (K) entries[at];
      return new SimpleEntry<>(key, (V) entries[at + 1]) {
        @Override
        public V setValue(V value) {
          super.setValue(value);
          return put(key, value);
        }
      };
    }

    @Override
    public void remove() {
      if (last < 0) {
        throw new IllegalStateException();
      }
      if (expected != modifications) {
        throw new ConcurrentModificationException();
      }
      removeAt(last);
      next = last;
      last = -1;
      expected = modifications;
    }
  }
}
