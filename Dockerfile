# The operator image the Helm chart runs: build the jar first (mvn -B package -DskipTests).
# Not built by CI here (no Docker engine on these machines); the jar inside is what CI tests.
FROM eclipse-temurin:17-jre
COPY operator/target/causal-gym-operator.jar /opt/causal-gym-operator/causal-gym-operator.jar
# The chart runs the pod as this non-root user with a read-only root filesystem.
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/opt/causal-gym-operator/causal-gym-operator.jar"]
CMD ["run"]
