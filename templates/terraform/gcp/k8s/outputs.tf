output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = google_container_cluster.this.name
}

output "location" {
  description = "Zone of the cluster."
  value       = google_container_cluster.this.location
}

output "endpoint" {
  description = "URL of the Kubernetes API server (credentials come from gcloud, see kubeconfig_command)."
  value       = "https://${google_container_cluster.this.endpoint}"
}

output "kubeconfig_command" {
  description = "How to point kubectl at the cluster."
  value       = "gcloud container clusters get-credentials ${google_container_cluster.this.name} --zone ${google_container_cluster.this.location} --project ${var.project_id}"
}
