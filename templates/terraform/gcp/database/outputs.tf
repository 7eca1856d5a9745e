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

output "user" {
  description = "Database user for the application."
  value       = google_sql_user.app.name
}

output "password_secret" {
  description = "Secret Manager secret holding the user's password (the secret's name, not the password)."
  value       = google_secret_manager_secret.app_password.secret_id
}

output "password_command" {
  description = "How to read the password (needs roles/secretmanager.secretAccessor)."
  value       = "gcloud secrets versions access latest --secret=${google_secret_manager_secret.app_password.secret_id} --project=${var.project_id}"
}

output "proxy_command" {
  description = "Opens an encrypted tunnel to the database on 127.0.0.1:5432 (needs roles/cloudsql.client)."
  value       = "cloud-sql-proxy ${google_sql_database_instance.this.connection_name}"
}

output "psql_command" {
  description = "How to connect once the proxy runs (the proxy encrypts; psql asks for the password)."
  value       = "psql \"host=127.0.0.1 port=5432 dbname=${google_sql_database.app.name} user=${google_sql_user.app.name}\""
}
