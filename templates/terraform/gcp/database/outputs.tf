output "instance_name" {
  description = "Name of the Cloud SQL instance."
  value       = google_sql_database_instance.this.name
}

output "connection_name" {
  description = "Instance connection name for the Cloud SQL Auth Proxy and connectors."
  value       = google_sql_database_instance.this.connection_name
}

output "database_name" {
  description = "Name of the application database."
  value       = google_sql_database.app.name
}

output "proxy_command" {
  description = "How to reach the database from your machine."
  value       = "cloud-sql-proxy --auto-iam-authn ${google_sql_database_instance.this.connection_name}"
}
