output "arn" {
  description = "Web ACL ARN."
  value       = aws_wafv2_web_acl.this.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the ACL's request logs."
  value       = aws_cloudwatch_log_group.this.name
}
