output "instance_id" {
  description = "ID of the EC2 instance."
  value       = aws_instance.this.id
}

output "public_ip" {
  description = "Public IP of the instance (outbound only; the security group admits nothing)."
  value       = aws_instance.this.public_ip
}

output "ssm_command" {
  description = "How to open a shell on the instance."
  value       = "aws ssm start-session --target ${aws_instance.this.id} --region ${var.region}"
}
