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
