output "bucket_name" {
  description = "Name of the bucket."
  value       = google_storage_bucket.this.name
}

output "bucket_url" {
  description = "gs:// URL of the bucket."
  value       = google_storage_bucket.this.url
}

output "list_command" {
  description = "How to list the bucket (needs roles/storage.objectViewer; gcloud storage cp uploads)."
  value       = "gcloud storage ls ${google_storage_bucket.this.url}"
}
