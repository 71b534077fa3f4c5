# The operator image the Helm chart runs: build the jars first (mvn -B package -DskipTests).
# Not built by CI here (no Docker engine on these machines); the jar inside is what CI tests, and
# OperatorJvmIT and the benchmark make and use the same archive with the same script.

# Start-up in about 2 s instead of 3: an application class-data-sharing archive of the classes a
# start-up loads (JDK 17 dynamic AppCDS), made by running the jar against the demo's API in the
# same base image and at the same path as it runs, which the archive requires.
FROM eclipse-temurin:17-jre AS class-data
COPY operator/target/causal-gym-operator.jar /opt/causal-gym-operator/causal-gym-operator.jar
COPY operator/target/causal-gym-demo.jar scripts/class-data-archive.sh /tmp/build/
RUN bash /tmp/build/class-data-archive.sh \
      /opt/causal-gym-operator/causal-gym-operator.jar \
      /opt/causal-gym-operator/causal-gym-operator.jsa \
      /tmp/build/causal-gym-demo.jar

FROM eclipse-temurin:17-jre
# The jar keeps its modification time, which the archive checks; the demo jar stays behind.
COPY --from=class-data /opt/causal-gym-operator/ /opt/causal-gym-operator/
# The chart runs the pod as this non-root user with a read-only root filesystem.
USER 65532:65532
# -Xshare:auto (the default): a JVM that cannot map the archive starts without it, only slower.
# -XX:TieredStopAtLevel=1: the client compiler only. The operator waits on the API server most of
# its life, and C2 spent more CPU compiling the reconcile path than its faster code saved
# (docs/benchmarks.md). The jar itself keeps C2 off its code however it is started
# (ClientCompilerOnly); this option also spares the profiling the client compiler then adds.
# The benchmark and OperatorJvmIT start the jar with exactly these options.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/causal-gym-operator/causal-gym-operator.jsa", \
            "-XX:TieredStopAtLevel=1", \
            "-jar", "/opt/causal-gym-operator/causal-gym-operator.jar"]
CMD ["run"]
