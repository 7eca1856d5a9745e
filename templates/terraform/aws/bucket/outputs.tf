output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_url" {
  description = "s3:// URL of the bucket."
  value       = "s3://${aws_s3_bucket.this.bucket}"
}

output "list_command" {
  description = "How to list the bucket (aws s3 cp uploads)."
  value       = "aws s3 ls s3://${aws_s3_bucket.this.bucket}"
}
