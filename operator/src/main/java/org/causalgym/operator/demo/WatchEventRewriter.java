package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an HTTP watch streams as the object of each event: the stored object itself, or what the
 * client's Accept header asks for instead (a Table row for kubectl get -w).
 */
@FunctionalInterface
public interface WatchEventRewriter {

  /** Streams the stored object unchanged. */
  WatchEventRewriter IDENTITY = (accept, path, object, firstEvent) -> object;

  /**
   * The object to stream for one event: accept is the request's Accept header (null when absent),
   * path the request's path with its query (as RecordedRequest.getPath() gives it), firstEvent
   * whether this is the first event of the stream (a Table's column definitions come only with the
   * first).
   */
  JsonNode object(String accept, String path, JsonNode object, boolean firstEvent);
}
