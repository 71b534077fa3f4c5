{{/* The chart's name, or nameOverride. */}}
{{- define "causal-gym-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* fullnameOverride, else the release name, or release-name where they differ. */}}
{{- define "causal-gym-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "causal-gym-operator.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* repository:tag, or repository@digest where a digest pins the image. */}}
{{- define "causal-gym-operator.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{- define "causal-gym-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "causal-gym-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "causal-gym-operator.labels" -}}
{{ include "causal-gym-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "causal-gym-operator.serviceAccountName" -}}
{{- default (include "causal-gym-operator.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* Rules for what the operator reads and writes in a watched namespace. Informers list and
     watch; only referenced Secrets and ConfigMaps (receiver passwords, spec.prometheus' CA, token
     and basic auth) are read one by one (get). RbacCoverageTest proves that these are exactly the
     requests the operator makes. */}}
{{- define "causal-gym-operator.namespacedRules" -}}
- apiGroups: [monitoring.causal-gym.org]
  resources: [causalgymmonitorings]
  verbs: [list, watch]
- apiGroups: [monitoring.causal-gym.org]
  resources: [causalgymmonitorings/status]
  verbs: [patch]
- apiGroups: [apps]
  resources: [deployments, statefulsets]
  verbs: [list, watch, create, update, delete]
- apiGroups: [""]
  resources: [services, serviceaccounts]
  verbs: [list, watch, create, update, delete]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [list, watch, create, update, delete]
# Held only to be granted: the managed Prometheus' Role allows exactly these service discovery
# reads, and Kubernetes lets the operator grant only what it holds itself.
- apiGroups: [""]
  resources: [endpoints, pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [services]
  verbs: [get]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch, create, update, delete]
# The managed Prometheus' volume claim is the StatefulSet controller's: read, and its storage
# request patched when spec.stack.prometheus.storage.size grows.
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, patch]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch, create, update, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
- apiGroups: [monitoring.coreos.com]
  resources: [servicemonitors, prometheusrules]
  verbs: [list, watch, create, update, delete]
- apiGroups: [monitoring.coreos.com]
  resources: [alertmanagerconfigs]
  verbs: [list, watch, create, update, delete]
- apiGroups: [grafana.integreatly.org]
  resources: [grafanadashboards]
  verbs: [list, watch, create, update, delete]
{{- end -}}
