output "identifier" {
  description = "Identifier of the RDS instance."
  value       = aws_db_instance.this.identifier
}

output "endpoint" {
  description = "Host name of the database (reachable from the addresses you allow, see allow_my_ip_command)."
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

output "user" {
  description = "Master user name."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret that holds the master password (not the password itself)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "password_command" {
  description = "How to read the master password, which RDS generated and keeps in Secrets Manager."
  value       = "aws secretsmanager get-secret-value --region ${var.region} --secret-id ${aws_db_instance.this.master_user_secret[0].secret_arn} --query SecretString --output text"
}

output "allow_my_ip_command" {
  description = "Admits your current public IP to the database (run it from the machine you connect from)."
  value       = "aws ec2 authorize-security-group-ingress --region ${var.region} --group-id ${aws_security_group.db.id} --protocol tcp --port 5432 --cidr $(curl -s https://checkip.amazonaws.com)/32"
}

output "psql_command" {
  description = "How to connect (psql asks for the password)."
  value       = "psql \"host=${aws_db_instance.this.address} port=${aws_db_instance.this.port} dbname=${aws_db_instance.this.db_name} user=${aws_db_instance.this.username} sslmode=require\""
}
