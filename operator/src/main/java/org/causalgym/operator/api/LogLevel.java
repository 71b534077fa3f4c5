package org.causalgym.operator.api;

/** The log levels the Causal Interface Gym understands in its LOG_LEVEL variable. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARNING,
  ERROR,
  CRITICAL
}
