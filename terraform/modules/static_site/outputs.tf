output "domain_name" {
  description = "The distribution's domain name (xxxx.cloudfront.net)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "distribution_arn" {
  description = "The distribution's ARN."
  value       = aws_cloudfront_distribution.this.arn
}

output "page_keys" {
  description = "The keys of the pages put in the bucket."
  value       = sort([for object in aws_s3_object.pages : object.key])
}
