{{/* The release's full name: the release name, or release-chart where they differ. */}}
{{- define "causal-gym-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "causal-gym-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
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
     watch; only referenced Secrets are read one by one (get). RbacCoverageTest proves that these
     are exactly the requests the operator makes. */}}
{{- define "causal-gym-operator.namespacedRules" -}}
- apiGroups: [monitoring.causal-gym.org]
  resources: [causalgymmonitorings]
  verbs: [list, watch]
- apiGroups: [monitoring.causal-gym.org]
  resources: [causalgymmonitorings/status]
  verbs: [patch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [list, watch, create, update]
- apiGroups: [""]
  resources: [services]
  verbs: [list, watch, create, update]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [list, watch, create, update, delete]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch, create, update, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
- apiGroups: [monitoring.coreos.com]
  resources: [servicemonitors, prometheusrules]
  verbs: [list, watch, create, update]
- apiGroups: [monitoring.coreos.com]
  resources: [alertmanagerconfigs]
  verbs: [list, watch, create, update, delete]
{{- end -}}
