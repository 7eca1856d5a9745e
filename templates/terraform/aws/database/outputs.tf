output "identifier" {
  description = "Identifier of the RDS instance."
  value       = aws_db_instance.this.identifier
}

output "endpoint" {
  description = "Host name of the database (reachable from inside the default VPC)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the database."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the application database."
  value       = aws_db_instance.this.db_name
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret that holds the master password (not the password itself)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
