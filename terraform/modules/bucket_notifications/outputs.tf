output "bucket" {
  description = "Name of the bucket the notifications belong to."
  value       = aws_s3_bucket_notification.this.bucket
}
